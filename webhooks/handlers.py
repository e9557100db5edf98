"""The webhook events fed by outbox topics: each builder turns an outbox message of the issuing
domain into the event's payload, for webhooks.delivery to send to subscribed endpoints."""

from django.conf import settings
from django.urls import reverse

from badges.models import Application, Assertion, BadgeClass, Issuer
from badges.openbadges.ob2 import iso, public_url
from badges.selectors import application_webhook_payload

from .delivery import Event, event_builder


def _issuer(issuer: Issuer) -> dict:
    url = public_url("issuers", issuer.entity_id)
    return {"id": issuer.entity_id, "name": issuer.name, "url": url}


def _badge_class(badge: BadgeClass) -> dict:
    return {
        "id": badge.entity_id,
        "name": badge.name,
        "url": public_url("badges", badge.entity_id),
        "page": settings.LAUREL_BASE_URL + reverse("discovery:badge", args=[badge.entity_id]),
    }


@event_builder("assertion.awarded")
@event_builder("assertion.revoked")
def assertion_event(*, assertion_id: int, **_ignored) -> Event | None:
    assertion = (
        Assertion.objects.select_related("badge_class", "issuer").filter(pk=assertion_id).first()
    )
    if assertion is None:
        return None
    return Event(
        assertion.issuer_id,
        {
            "assertion": {
                "id": assertion.entity_id,
                "url": public_url("assertions", assertion.entity_id),
                "page": settings.LAUREL_BASE_URL
                + reverse("discovery:award", args=[assertion.entity_id]),
                "recipient": {
                    "type": assertion.recipient_type,
                    "identity": assertion.recipient_identity,
                },
                "issuedOn": iso(assertion.issued_on),
                "expires": iso(assertion.expires) if assertion.expires else None,
                "revoked": assertion.revoked,
                "revocationReason": assertion.revocation_reason or None,
            },
            "badgeclass": _badge_class(assertion.badge_class),
            "issuer": _issuer(assertion.issuer),
        },
    )


@event_builder("badgeclass.updated", topic="badgeclass.changed")
def badge_class_event(*, badge_class_id: int, **_ignored) -> Event | None:
    badge = BadgeClass.objects.select_related("issuer").filter(pk=badge_class_id).first()
    if badge is None:  # deleted: nothing left to describe
        return None
    return Event(
        badge.issuer_id,
        {
            "badgeclass": {
                **_badge_class(badge),
                "draft": badge.draft,
                "archived": badge.archived,
                "isPublic": badge.is_public,
                "updatedAt": iso(badge.updated_at),
            },
            "issuer": _issuer(badge.issuer),
        },
    )


@event_builder("application.submitted")
@event_builder("application.reviewed")
def application_event(*, application_id: int, **_ignored) -> Event | None:
    application = (
        Application.objects.select_related("badge_class__issuer", "applicant", "assertion")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return None
    badge = application.badge_class
    return Event(
        badge.issuer_id,
        {
            "application": application_webhook_payload(application),
            "badgeclass": _badge_class(badge),
            "issuer": _issuer(badge.issuer),
        },
    )
