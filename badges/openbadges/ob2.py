"""Open Badges 2.0 JSON-LD documents, rendered as pure functions of the models and LAUREL_BASE_URL.

Nothing here queries beyond the objects passed in, so documents can be cached or
pre-rendered to storage and served at static-file speed.
"""

from datetime import UTC, datetime
from typing import Any

from django.conf import settings

from .hashing import hash_identity, normalize_identity

CONTEXT = "https://w3id.org/openbadges/v2"


def public_url(kind: str, entity_id: str, suffix: str = "") -> str:
    """Absolute URL of a public OB object: kind is issuers, badges, assertions, keys or
    endorsements."""
    return f"{settings.LAUREL_BASE_URL}/public/{kind}/{entity_id}{suffix}"


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def issuer_contact(issuer) -> dict[str, Any]:
    """The issuer's name, web site, email and description, the same in 2.0 and 3.0."""
    doc = {"name": issuer.name, "url": issuer.url, "email": issuer.email}
    if issuer.description:
        doc["description"] = issuer.description
    return doc


def criteria_document(badge) -> dict[str, str]:
    """How the badge is earned: a criteria page, a narrative, or both (2.0 and 3.0 alike)."""
    criteria: dict[str, str] = {}
    if badge.criteria_url:
        criteria["id"] = badge.criteria_url
    if badge.criteria_narrative:
        criteria["narrative"] = badge.criteria_narrative
    return criteria


def issuer_document(
    issuer,
    *,
    key_ids: list[str] | None = None,
    endorsements: list[str] | None = None,
    context: bool = True,
) -> dict:
    doc: dict[str, Any] = {
        "type": "Issuer",
        "id": public_url("issuers", issuer.entity_id),
        **issuer_contact(issuer),
    }
    if issuer.image:
        doc["image"] = public_url("issuers", issuer.entity_id, "/image")
    if key_ids:
        doc["publicKey"] = [public_url("keys", key_id) for key_id in key_ids]
        doc["revocationList"] = public_url("issuers", issuer.entity_id, "/revocations")
    _add_endorsements(doc, endorsements)
    return _with_context(doc, context)


def badge_class_document(
    badge,
    *,
    issuer: dict | None = None,
    endorsements: list[str] | None = None,
    context: bool = True,
) -> dict:
    doc: dict[str, Any] = {
        "type": "BadgeClass",
        "id": public_url("badges", badge.entity_id),
        "name": badge.name,
        "description": badge.description,
        "image": public_url("badges", badge.entity_id, "/image"),
        "criteria": criteria_document(badge),
        "issuer": issuer if issuer is not None else public_url("issuers", badge.issuer.entity_id),
    }
    if badge.alignments:
        doc["alignment"] = [{"type": "AlignmentObject", **a} for a in badge.alignments]
    if badge.tags:
        doc["tags"] = list(badge.tags)
    _add_endorsements(doc, endorsements)
    return _with_context(doc, context)


def recipient_document(assertion) -> dict:
    identity = normalize_identity(assertion.recipient_identity, assertion.recipient_type)
    if assertion.recipient_hashed:
        return {
            "type": assertion.recipient_type,
            "hashed": True,
            "salt": assertion.salt,
            "identity": hash_identity(identity, assertion.salt),
        }
    return {"type": assertion.recipient_type, "hashed": False, "identity": identity}


def assertion_document(
    assertion,
    *,
    badge: dict | None = None,
    endorsements: list[str] | None = None,
    context: bool = True,
) -> dict:
    assertion_id = public_url("assertions", assertion.entity_id)
    if assertion.signing_key_id:
        verification = {
            "type": "SignedBadge",
            "creator": public_url("keys", assertion.signing_key.entity_id),
        }
    else:
        verification = {"type": "HostedBadge"}
    doc: dict[str, Any] = {
        "type": "Assertion",
        "id": assertion_id,
        "recipient": recipient_document(assertion),
        "badge": badge
        if badge is not None
        else public_url("badges", assertion.badge_class.entity_id),
        "verification": verification,
        "issuedOn": iso(assertion.issued_on),
        "image": public_url("assertions", assertion.entity_id, "/image"),
    }
    if assertion.expires:
        doc["expires"] = iso(assertion.expires)
    if assertion.narrative:
        doc["narrative"] = assertion.narrative
    if assertion.evidence:
        doc["evidence"] = [_evidence(item) for item in assertion.evidence]
    doc.update(assertion.extensions or {})
    _add_endorsements(doc, endorsements)
    return _with_context(doc, context)


def revoked_assertion_document(assertion) -> dict:
    return {
        "@context": CONTEXT,
        "id": public_url("assertions", assertion.entity_id),
        "type": "Assertion",
        "revoked": True,
        "revocationReason": assertion.revocation_reason,
    }


def revocation_list_document(issuer, revoked: list[tuple[str, str]]) -> dict:
    """revoked: (assertion entity id, reason) pairs."""
    return {
        "@context": CONTEXT,
        "type": "RevocationList",
        "id": public_url("issuers", issuer.entity_id, "/revocations"),
        "issuer": public_url("issuers", issuer.entity_id),
        "revokedAssertions": [
            {"id": public_url("assertions", entity_id), "revocationReason": reason}
            for entity_id, reason in revoked
        ],
    }


def key_document(key) -> dict:
    return {
        "@context": CONTEXT,
        "type": "CryptographicKey",
        "id": public_url("keys", key.entity_id),
        "owner": public_url("issuers", key.issuer.entity_id),
        "publicKeyPem": key.public_key_pem,
    }


def endorsed_url(endorsement) -> str:
    """The 2.0 id of what an endorsement endorses."""
    if endorsement.issuer_id:
        return public_url("issuers", endorsement.issuer.entity_id)
    if endorsement.badge_class_id:
        return public_url("badges", endorsement.badge_class.entity_id)
    return public_url("assertions", endorsement.assertion.entity_id)


def endorsement_document(endorsement) -> dict:
    """A hosted 2.0 Endorsement: the endorser's claim about the endorsed object's id."""
    claim: dict[str, str] = {"id": endorsed_url(endorsement)}
    if endorsement.comment:
        claim["endorsementComment"] = endorsement.comment
    return {
        "@context": CONTEXT,
        "type": "Endorsement",
        "id": public_url("endorsements", endorsement.entity_id),
        "issuer": public_url("issuers", endorsement.endorser.entity_id),
        "issuedOn": iso(endorsement.issued_on),
        "claim": claim,
        "verification": {"type": "HostedBadge"},
    }


def revoked_endorsement_document(endorsement) -> dict:
    return {
        "@context": CONTEXT,
        "id": public_url("endorsements", endorsement.entity_id),
        "type": "Endorsement",
        "revoked": True,
        "revocationReason": endorsement.revocation_reason,
    }


def _add_endorsements(doc: dict, endorsements: list[str] | None) -> None:
    """`endorsement`: the URLs of the live endorsements (entity ids given) of the object."""
    if endorsements:
        doc["endorsement"] = [public_url("endorsements", entity_id) for entity_id in endorsements]


def _evidence(item: dict) -> dict:
    evidence: dict[str, str] = {"type": "Evidence"}
    if item.get("url"):
        evidence["id"] = item["url"]
    if item.get("narrative"):
        evidence["narrative"] = item["narrative"]
    return evidence


def _with_context(doc: dict, context: bool) -> dict:
    return {"@context": CONTEXT, **doc} if context else doc
