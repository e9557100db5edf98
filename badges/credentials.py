"""Signed Open Badges 3.0 documents of this site: an award's credential (Data Integrity JSON or
VC-JWT), its baked image, endorsement credentials, the issuers' DID documents and status lists.

The documents come from the pure functions in openbadges/; this module adds the keys. A
proof's `created` is the later of the award's last change and the key's creation, so the
same award signed by the same key always gives the same bytes (Ed25519 is deterministic),
which lets the baked images be stored and reused like the 2.0 ones. An award's credential
embeds the live endorsements of its badge class and its issuer, so their latest change counts
as a change of the award. The award's own endorsements are not embedded (ob3.py says why):
they are EndorsementCredentials at their own URLs, and giving or withdrawing one leaves the
award's signed credential as it was.
"""

import json

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Q

from .artefacts import Artefact, inputs_digest, png_of, source_image, stored
from .models import (
    Assertion,
    BadgeClassTranslation,
    Endorsement,
    Issuer,
    KeyAlgorithm,
    StatusList,
)
from .openbadges import dataintegrity, did, ob2, ob3, signing, vcjwt
from .openbadges.baking import bake_png, bake_svg_credential
from .selectors import badge_class_translation_languages
from .services.keys import credential_key_for, credential_private_key, status_list_publish

CACHE_SECONDS = 60 * 60 * 24
FORMATS = ("json", "jwt", "png", "svg")


def _about(assertion: Assertion) -> Q:
    """The endorsements embedded in an award's credential: of its badge class and its issuer."""
    return Q(badge_class_id=assertion.badge_class_id) | Q(issuer_id=assertion.issuer_id)


def _key(assertion: Assertion, algorithm: str):
    key = credential_key_for(issuer=assertion.issuer, algorithm=algorithm)
    endorsed = Endorsement.objects.filter(_about(assertion)).aggregate(last=Max("updated_at"))
    # The credential names its badge class's translations: adding one changes it.
    translated = BadgeClassTranslation.objects.filter(
        badge_class_id=assertion.badge_class_id
    ).aggregate(last=Max("created_at"))
    created = max(
        assertion.updated_at,
        key.created_at,
        endorsed["last"] or key.created_at,
        translated["last"] or key.created_at,
    )
    return key, created


def _cache_key(kind: str, entity_id: str, key, created) -> str:
    """Where a signed document is cached: it names its URLs and DIDs under the base URL, so a
    change of LAUREL_BASE_URL must not serve a copy signed under the old one."""
    digest = inputs_digest(settings.LAUREL_BASE_URL)[:16]
    return f"ob3:{kind}:{entity_id}:{key.entity_id}:{created.isoformat()}:{digest}"


def _sign_json(make_document, issuer: Issuer, key, created, cache_key: str) -> dict:
    """The document make_document() gives, signed, or the signed copy cached under cache_key."""
    signed = cache.get(cache_key)
    if signed is None:
        signed = dataintegrity.sign(
            make_document(),
            signing.load_private_key(credential_private_key(key)),
            verification_method=did.method_id(did.issuer_did(issuer.entity_id), key.entity_id),
            created=created,
        )
        cache.set(cache_key, signed, CACHE_SECONDS)
    return signed


def _sign_jwt(document: dict, issuer: Issuer) -> str:
    key = credential_key_for(issuer=issuer, algorithm=KeyAlgorithm.ES256)
    return vcjwt.sign(
        document,
        credential_private_key(key),
        kid=did.method_id(did.issuer_did(issuer.entity_id), key.entity_id),
        algorithm="ES256",
    )


def _credential_document(assertion: Assertion) -> dict:
    live = (
        Endorsement.objects.shown()
        .filter(_about(assertion))
        .select_related("endorser", "issuer", "badge_class")
        .order_by("issued_on", "id")
    )
    signed: dict[str, list[dict]] = {"badge_class": [], "issuer": []}
    for endorsement in live:
        kind = "badge_class" if endorsement.badge_class_id else "issuer"
        signed[kind].append(endorsement_json(endorsement))
    return ob3.credential_document(
        assertion,
        badge_endorsements=signed["badge_class"],
        issuer_endorsements=signed["issuer"],
        translations=badge_class_translation_languages(badge_class=assertion.badge_class),
    )


def credential_json(assertion: Assertion) -> dict:
    """The award's OpenBadgeCredential with an eddsa-rdfc-2022 DataIntegrityProof."""
    key, created = _key(assertion, KeyAlgorithm.ED25519)
    cache_key = _cache_key("credential", assertion.entity_id, key, created)
    return _sign_json(
        lambda: _credential_document(assertion), assertion.issuer, key, created, cache_key
    )


def credential_jwt(assertion: Assertion) -> str:
    """The award's OpenBadgeCredential as a VC-JWT signed ES256 with the issuer's P-256 key."""
    return _sign_jwt(_credential_document(assertion), assertion.issuer)


def endorsement_json(endorsement: Endorsement) -> dict:
    """The EndorsementCredential, signed (eddsa-rdfc-2022) by the endorser."""
    endorser = endorsement.endorser
    key = credential_key_for(issuer=endorser, algorithm=KeyAlgorithm.ED25519)
    created = max(endorsement.updated_at, key.created_at)
    cache_key = _cache_key("endorsement", endorsement.entity_id, key, created)
    return _sign_json(
        lambda: ob3.endorsement_credential_document(endorsement), endorser, key, created, cache_key
    )


def endorsement_jwt(endorsement: Endorsement) -> str:
    """The EndorsementCredential as a VC-JWT signed ES256 by the endorser."""
    return _sign_jwt(ob3.endorsement_credential_document(endorsement), endorsement.endorser)


def baked_credential(
    assertion: Assertion, *, proof: str = "json", as_png: bool = False
) -> Artefact:
    """The badge image with the 3.0 credential baked in as 1EdTech specifies: the JSON (Data
    Integrity) or the JWT, in an `openbadgecredential` iTXt chunk or an SVG
    `openbadges:credential` element."""
    badge_image = assertion.badge_class.image
    svg = badge_image.name.endswith(".svg") and not as_png
    variant = f"credential-{proof}.{'svg' if svg else 'png'}"
    key, created = _key(assertion, KeyAlgorithm.ED25519 if proof == "json" else KeyAlgorithm.ES256)
    digest = inputs_digest(
        badge_image.name, variant, key.entity_id, created.isoformat(), settings.LAUREL_BASE_URL
    )

    def make():
        if proof == "json":
            payload = json.dumps(credential_json(assertion), ensure_ascii=False)
            jwt = None
        else:
            payload, jwt = None, credential_jwt(assertion)
        source = source_image(badge_image)
        if svg:
            return bake_svg_credential(source.content, json_text=payload, jwt=jwt), "image/svg+xml"
        return bake_png(png_of(badge_image), payload or jwt, credential=True), "image/png"

    return stored(f"assertions/{assertion.entity_id}/{variant}", digest, make)


def issuer_did_document(issuer: Issuer) -> dict:
    """The issuer's DID document listing every 3.0 key it ever had, newest first."""
    credential_key_for(issuer=issuer, algorithm=KeyAlgorithm.ED25519)
    keys = list(issuer.credential_keys.values_list("entity_id", "public_key_pem"))
    also = [ob2.public_url("issuers", issuer.entity_id)]
    return did.did_document(did.issuer_did(issuer.entity_id), keys, also_known_as=also)


def site_did_document() -> dict:
    return did.did_document(did.site_did(), [], also_known_as=[settings.LAUREL_BASE_URL])


def status_list(issuer: Issuer) -> dict:
    """The issuer's signed status list, published now if it never was, and signed again when
    it was signed under another base URL (LAUREL_BASE_URL changed): its id and the issuer's
    did:web follow the base URL, and a list that names the old ones fails every verifier."""
    stored = StatusList.objects.filter(issuer=issuer).first()
    current = (
        stored is not None
        and stored.document.get("id") == ob3.status_list_url(issuer.entity_id)
        and stored.document.get("issuer") == did.issuer_did(issuer.entity_id)
    )
    if not current:
        stored = status_list_publish(issuer_id=issuer.pk)
    return stored.document


def _holder_document(assertion: Assertion, holder: str) -> dict:
    """The award's credential bound to a wallet: credentialSubject.id is the holder's DID, and
    the recipient IdentityObject of the award stays, so the copy still names the email."""
    document = _credential_document(assertion)
    document["credentialSubject"] = {"id": holder, **document["credentialSubject"]}
    return document


def holder_credential_json(assertion: Assertion, holder: str) -> dict:
    """The award's OpenBadgeCredential for the wallet whose DID is holder (eddsa-rdfc-2022)."""
    key, created = _key(assertion, KeyAlgorithm.ED25519)
    cache_key = _cache_key(f"holder:{holder}", assertion.entity_id, key, created)
    return _sign_json(
        lambda: _holder_document(assertion, holder), assertion.issuer, key, created, cache_key
    )


def holder_credential_jwt(assertion: Assertion, holder: str) -> str:
    """The award's OpenBadgeCredential for the holder as a VC-JWT (ES256); its sub is holder."""
    return _sign_jwt(_holder_document(assertion, holder), assertion.issuer)
