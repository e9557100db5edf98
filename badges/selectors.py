"""Reads of the issuing domain."""

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from .models import (
    Assertion,
    BadgeClass,
    ClaimCode,
    ClaimCodeClaim,
    Endorsement,
    Issuer,
    NotificationOptOut,
    RecipientType,
    WebhookDelivery,
    WebhookEndpoint,
)
from .openbadges import ob2
from .openbadges.hashing import normalize_identity


def badge_class_list(*, issuer: Issuer, include_archived: bool = False) -> QuerySet[BadgeClass]:
    badges = BadgeClass.objects.filter(issuer=issuer).select_related("issuer")
    return badges if include_archived else badges.filter(archived=False)


def assertion_list(
    *,
    badge_class: BadgeClass | None = None,
    issuer: Issuer | None = None,
    include_revoked: bool = False,
    include_expired: bool = False,
) -> QuerySet[Assertion]:
    assertions = Assertion.objects.select_related("badge_class", "issuer")
    if badge_class is not None:
        assertions = assertions.filter(badge_class=badge_class)
    if issuer is not None:
        assertions = assertions.filter(issuer=issuer)
    if not include_revoked:
        assertions = assertions.filter(revoked=False)
    if not include_expired:
        assertions = assertions.filter(Q(expires__isnull=True) | Q(expires__gt=timezone.now()))
    return assertions


def assertion_list_for_recipient(
    *,
    identities: Iterable[str],
    recipient_type: str = RecipientType.EMAIL,
    include_expired: bool = False,
) -> QuerySet[Assertion]:
    """Unrevoked awards made to any of these identities (say, a learner's verified emails),
    unexpired too unless `include_expired`.

    Awards keep the normalised identity and hash it only in the published document (with
    the award's salt), so matching the normalised spelling finds hashed awards too.
    """
    normalised = {normalize_identity(identity, recipient_type) for identity in identities}
    return assertion_list(include_expired=include_expired).filter(
        recipient_type=recipient_type, recipient_identity__in=normalised
    )


def email_opted_out(*, email: str) -> bool:
    return NotificationOptOut.objects.filter(email=email.strip().lower()).exists()


def social_card(*, kind: str, entity_id: str) -> dict | None:
    """Title, description, image and page URL for Open Graph previews."""
    if kind == "issuers":
        issuer = Issuer.objects.filter(entity_id=entity_id).first()
        if issuer is None:
            return None
        title, description, page = issuer.name, issuer.description, "discovery:issuer"
        image = ob2.public_url("issuers", entity_id, "/image?fmt=wide") if issuer.image else ""
    else:
        if kind == "assertions":
            assertion = (
                Assertion.objects.select_related("badge_class__issuer")
                .filter(entity_id=entity_id)
                .first()
            )
            badge = assertion.badge_class if assertion else None
            page = "discovery:award"
        else:
            badge = BadgeClass.objects.select_related("issuer").filter(entity_id=entity_id).first()
            page = "discovery:badge"
        if badge is None:
            return None
        title = f"{badge.name} · {badge.issuer.name}"
        description = badge.description
        image = ob2.public_url("badges", badge.entity_id, "/image?fmt=wide")
    return {
        "title": title,
        "description": description[:300],
        "image": image,
        "url": settings.LAUREL_BASE_URL + reverse(page, args=[entity_id]),
    }


# Names under which this site publishes an issuer, badge class or award: 2.0 documents, human
# pages, 3.0 credentials and did:web ids, each ending in the object's entity id.
ENDORSABLE_PATHS = re.compile(
    r"/(?:public/)?(?P<kind>issuers|badges|assertions|awards)/(?P<entity_id>[A-Za-z0-9_-]{1,32})"
    r"(?:\.json|/credential|/)?$"
)
ENDORSABLE_KINDS = {
    "issuers": Issuer,
    "badges": BadgeClass,
    "assertions": Assertion,
    "awards": Assertion,
}


def endorsable_find(*, reference: str) -> Issuer | BadgeClass | Assertion | None:
    """The issuer, badge class or award of this site that a pasted reference names: any of
    its URLs here (document, page or credential), its did:web, or its bare id."""
    reference = reference.strip()
    if reference.startswith("did:web:"):
        reference = reference.replace(":", "/")
    path = urlsplit(reference).path if "://" in reference else reference
    match = ENDORSABLE_PATHS.search(path.split("?")[0])
    if match:
        model = ENDORSABLE_KINDS[match["kind"]]
        return model.objects.filter(entity_id=match["entity_id"]).first()
    for model in (Issuer, BadgeClass, Assertion):
        found = model.objects.filter(entity_id=reference).first()
        if found is not None:
            return found
    return None


def endorsement_list_given(*, endorser: Issuer) -> QuerySet[Endorsement]:
    return endorser.endorsements_given.select_related(
        "issuer", "badge_class", "assertion__badge_class"
    )


def endorsement_list_received(*, issuer: Issuer) -> QuerySet[Endorsement]:
    """Live endorsements of the issuer, its badge classes and its awards, for its answer."""
    return (
        Endorsement.objects.filter(revoked=False)
        .filter(Q(issuer=issuer) | Q(badge_class__issuer=issuer) | Q(assertion__issuer=issuer))
        .select_related("endorser", "issuer", "badge_class", "assertion__badge_class")
    )


def endorsements_shown(**target) -> QuerySet[Endorsement]:
    """What a page shows as "Endorsed by …" for an issuer or a badge class (issuer=, badge_class=
    or badge_class__in=), oldest first."""
    return (
        Endorsement.objects.shown()
        .filter(**target)
        .select_related("endorser")
        .order_by("issued_on", "id")
    )


# Claim codes -------------------------------------------------------------------------------

CLAIM_CODE_FILTERS = {
    "": "All codes",
    "active": "Can be claimed",
    "closed": "Used up, expired or disabled",
}


def claim_code_list(*, badge_class: BadgeClass, show: str = "") -> QuerySet[ClaimCode]:
    """A badge class's codes, newest first; `show` is a key of CLAIM_CODE_FILTERS."""
    codes = ClaimCode.objects.filter(badge_class=badge_class).select_related("badge_class")
    now = timezone.now()
    active = (
        Q(disabled_at__isnull=True)
        & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        & (Q(max_uses__isnull=True) | Q(uses__lt=F("max_uses")))
    )
    if show == "active":
        return codes.filter(active)
    if show == "closed":
        return codes.exclude(active)
    return codes


def claim_code_get(*, badge_class: BadgeClass, entity_id: str) -> ClaimCode | None:
    return claim_code_list(badge_class=badge_class).filter(entity_id=entity_id).first()


def claim_code_claims(*, badge_class: BadgeClass) -> QuerySet[ClaimCodeClaim]:
    """Who claimed the badge class's codes, and the awards made, newest first."""
    return (
        ClaimCodeClaim.objects.filter(claim_code__badge_class=badge_class)
        .select_related("claim_code", "assertion")
        .order_by("-claimed_at", "-id")
    )


# Webhooks --------------------------------------------------------------------------------


def webhook_endpoint_list(*, issuer: Issuer) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(issuer=issuer).select_related("issuer")


def webhook_endpoint_get(*, issuer: Issuer, entity_id: str) -> WebhookEndpoint | None:
    return webhook_endpoint_list(issuer=issuer).filter(entity_id=entity_id).first()


def webhook_delivery_list(*, endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """The endpoint's deliveries, most recent first, each with its attempts (latest first)."""
    return (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("endpoint__issuer")
        .prefetch_related("attempt_log")
    )


def webhook_delivery_get(*, endpoint: WebhookEndpoint, message_id: str) -> WebhookDelivery | None:
    return webhook_delivery_list(endpoint=endpoint).filter(message_id=message_id).first()
