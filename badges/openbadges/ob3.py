"""Open Badges 3.0 documents (VC Data Model 2.0, OB 3.0.3 context), unsigned, rendered as pure
functions of the models and LAUREL_BASE_URL like the 2.0 documents in ob2.py.

Endorsements of an issuer or badge class are passed in already signed (they are credentials of
their own, signed by the endorser) and embedded under `endorsement` in the Profile and the
Achievement, where the 3.0 data model puts them. An award's endorsements are not embedded in
the award's credential: their subject is that credential's own id, so inside it they would
describe the credential's node a second time, which verifiers refuse (openbadgeslib: "a
re-description of the credential inside an endorsement is still refused"). They stay
EndorsementCredentials of their own at their own URL, pointing at the award, and the award
page lists them."""

from collections.abc import Sequence
from typing import Any

from .did import issuer_did
from .hashing import hash_identity, normalize_identity
from .ob2 import criteria_document, iso, issuer_contact, public_url

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# 1EdTech's extensions context defines the type of credentialSchema's schema validator.
EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CONTEXT = [VC_CONTEXT, OB_CONTEXT, EXTENSIONS_CONTEXT]
SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
# Laurel's badge types as OB 3.0 achievement types; those 3.0 does not name are extensions.
ACHIEVEMENT_TYPES = {
    "achievement": "Achievement",
    "skill": "ext:Skill",
    "competency": "Competency",
    "participation": "ext:Participation",
    "certificate": "Certificate",
    "license": "License",
}
ENDORSEMENT_SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_endorsementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
IDENTITY_TYPES = {"email": "emailAddress", "telephone": "ext:telephone", "url": "ext:url"}


def credential_url(entity_id: str) -> str:
    return public_url("assertions", entity_id, "/credential")


def status_list_url(issuer_entity_id: str) -> str:
    return public_url("issuers", issuer_entity_id, "/status-list")


def image(url: str, caption: str = "") -> dict:
    return {"id": url, "type": "Image", **({"caption": caption} if caption else {})}


def endorsement_credential_url(entity_id: str) -> str:
    return public_url("endorsements", entity_id, "/credential")


def profile_document(issuer, endorsements: Sequence[dict] = ()) -> dict:
    """The issuer as an OB 3.0 Profile, named by its did:web."""
    doc: dict[str, Any] = {
        "id": issuer_did(issuer.entity_id),
        "type": ["Profile"],
        **issuer_contact(issuer),
    }
    if issuer.image:
        doc["image"] = image(public_url("issuers", issuer.entity_id, "/image"), issuer.name)
    _add_endorsements(doc, endorsements)
    return doc


def achievement_url(entity_id: str, language: str = "") -> str:
    """The id of a badge class's achievement: its 2.0 BadgeClass URL in its own language,
    a URL of its own for each translation."""
    return public_url("badges", entity_id, f"/achievement/{language}" if language else "")


def achievement_document(
    badge, endorsements: Sequence[dict] = (), *, translations: Sequence[str] = ()
) -> dict:
    """The badge class as an Achievement in the language of its text (`text_language`, set
    on a translated copy; the badge's own language otherwise), naming its other language
    versions, among the badge's own language and its `translations`, under `related`."""
    shown = getattr(badge, "text_language", badge.language)
    own = shown == badge.language
    doc: dict[str, Any] = {
        "id": achievement_url(badge.entity_id, "" if own else shown),
        "type": ["Achievement"],
        "name": badge.name,
        "description": badge.description,
        "criteria": criteria_document(badge),
        "image": image(public_url("badges", badge.entity_id, "/image"), badge.name),
        "inLanguage": shown,
    }
    versions = [(badge.language, ""), *((language, language) for language in translations)]
    related = [
        {
            "id": achievement_url(badge.entity_id, suffix),
            "type": ["Related"],
            "inLanguage": language,
        }
        for language, suffix in versions
        if language != shown
    ]
    if related:
        doc["related"] = related
    # OB 3.0 requires an alignment's targetUrl; one without it has no 3.0 form.
    alignments = [
        {"type": ["Alignment"], **alignment}
        for alignment in badge.alignments or []
        if alignment.get("targetUrl")
    ]
    if alignments:
        doc["alignment"] = alignments
    if badge.tags:
        doc["tag"] = list(badge.tags)
    if badge.badge_type:
        doc["achievementType"] = ACHIEVEMENT_TYPES[badge.badge_type]
    _add_endorsements(doc, endorsements)
    return doc


def subject_document(assertion, achievement: dict) -> dict:
    """The AchievementSubject: a DID or URL recipient as its id, others as an IdentityObject
    (hashed with the award's salt, as in 2.0)."""
    identity = normalize_identity(assertion.recipient_identity, assertion.recipient_type)
    subject: dict[str, Any] = {"type": ["AchievementSubject"]}
    if not assertion.recipient_hashed and (
        identity.startswith("did:") or assertion.recipient_type == "url"
    ):
        subject["id"] = identity
    else:
        identifier: dict[str, Any] = {
            "type": "IdentityObject",
            "identityType": IDENTITY_TYPES.get(assertion.recipient_type, "identifier"),
            "hashed": assertion.recipient_hashed,
            "identityHash": hash_identity(identity, assertion.salt)
            if assertion.recipient_hashed
            else identity,
        }
        if assertion.recipient_hashed:
            identifier["salt"] = assertion.salt
        subject["identifier"] = [identifier]
    subject["achievement"] = achievement
    if assertion.narrative:
        subject["narrative"] = assertion.narrative
    return subject


def credential_document(
    assertion,
    *,
    badge_endorsements: Sequence[dict] = (),
    issuer_endorsements: Sequence[dict] = (),
    translations: Sequence[str] = (),
) -> dict:
    """The award as an unsigned OpenBadgeCredential, with the signed endorsements of its badge
    class and of its issuer (the award's own are not embedded: see the module docstring). Its
    achievement is in the badge class's own language and names the `translations` (their
    language codes) as related achievements."""
    badge = assertion.badge_class
    issuer = assertion.issuer
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "id": credential_url(assertion.entity_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": badge.name,
        "description": badge.description,
        "image": image(public_url("assertions", assertion.entity_id, "/image"), badge.name),
        "issuer": profile_document(issuer, issuer_endorsements),
        "validFrom": iso(assertion.issued_on),
        "awardedDate": iso(assertion.issued_on),
        "credentialSubject": subject_document(
            assertion,
            achievement_document(badge, badge_endorsements, translations=translations),
        ),
        "credentialSchema": [SCHEMA],
    }
    if assertion.expires:
        doc["validUntil"] = iso(assertion.expires)
    if assertion.evidence:
        doc["evidence"] = [_evidence(item) for item in assertion.evidence]
    if assertion.status_index is not None:
        doc["credentialStatus"] = status_entry(issuer, assertion.status_index)
    return doc


def status_entry(issuer, index: int) -> dict:
    """The credentialStatus pointing at bit `index` of the issuer's revocation list."""
    list_url = status_list_url(issuer.entity_id)
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def endorsed_id(endorsement) -> str:
    """The 3.0 id of what an endorsement endorses: the issuer's DID, the achievement's id or
    the award's credential id, as they appear in the 3.0 documents."""
    if endorsement.issuer_id:
        return issuer_did(endorsement.issuer.entity_id)
    if endorsement.badge_class_id:
        return public_url("badges", endorsement.badge_class.entity_id)
    return credential_url(endorsement.assertion.entity_id)


def endorsed_name(endorsement) -> str:
    if endorsement.issuer_id:
        return endorsement.issuer.name
    if endorsement.badge_class_id:
        return endorsement.badge_class.name
    return f"an award of {endorsement.assertion.badge_class.name}"


def endorsement_credential_document(endorsement) -> dict:
    """The endorsement as an unsigned EndorsementCredential of the endorser."""
    endorser = endorsement.endorser
    subject: dict[str, Any] = {"id": endorsed_id(endorsement), "type": ["EndorsementSubject"]}
    if endorsement.comment:
        subject["endorsementComment"] = endorsement.comment
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "id": endorsement_credential_url(endorsement.entity_id),
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": f"{endorser.name} endorses {endorsed_name(endorsement)}",
        "issuer": profile_document(endorser),
        "validFrom": iso(endorsement.issued_on),
        "awardedDate": iso(endorsement.issued_on),
        "credentialSubject": subject,
        "credentialSchema": [ENDORSEMENT_SCHEMA],
    }
    if endorsement.status_index is not None:
        doc["credentialStatus"] = status_entry(endorser, endorsement.status_index)
    return doc


def status_list_document(issuer, encoded_list: str, valid_from) -> dict:
    """The issuer's unsigned BitstringStatusListCredential for revocation."""
    list_url = status_list_url(issuer.entity_id)
    return {
        "@context": [VC_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(issuer.entity_id),
        "validFrom": iso(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list,
        },
    }


def _add_endorsements(doc: dict, endorsements: Sequence[dict]) -> None:
    if endorsements:
        doc["endorsement"] = list(endorsements)


def _evidence(item: dict) -> dict:
    evidence: dict[str, Any] = {"type": ["Evidence"]}
    if item.get("url"):
        evidence["id"] = item["url"]
    if item.get("narrative"):
        evidence["narrative"] = item["narrative"]
    return evidence
