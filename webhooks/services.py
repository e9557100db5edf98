"""Writes of webhook endpoints: create, update, delete, rotate the secret, ping, redeliver."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from badges.models import Issuer, new_webhook_secret
from badges.openbadges.fetch import FetchError, check_url
from badges.permissions import require
from badges.services.checks import check_text, check_url_field

from .delivery import PRIVATE_ADDRESS_HINT, message_body, schedule
from .models import WEBHOOK_EVENTS, WEBHOOK_PING, DeliveryStatus, WebhookDelivery, WebhookEndpoint

WEBHOOK_FIELDS = ("url", "events", "description", "active")


@transaction.atomic
def webhook_endpoint_create(*, issuer: Issuer, user, **fields: Any) -> WebhookEndpoint:
    """Register an endpoint of the issuer's (owners); the server makes its signing secret."""
    require(user=user, issuer=issuer, right="manage_issuer")
    endpoint = WebhookEndpoint(issuer=issuer, created_by=user)
    _apply_webhook_fields(endpoint, {"events": list(WEBHOOK_EVENTS), **fields})
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_endpoint_update(*, endpoint: WebhookEndpoint, user, **fields: Any) -> WebhookEndpoint:
    require(user=user, issuer=endpoint.issuer, right="manage_issuer")
    _apply_webhook_fields(endpoint, fields)
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, endpoint: WebhookEndpoint, user) -> None:
    """Remove an endpoint with its delivery log; nothing more is sent to it."""
    require(user=user, issuer=endpoint.issuer, right="manage_issuer")
    endpoint.delete()


@transaction.atomic
def webhook_secret_rotate(*, endpoint: WebhookEndpoint, user) -> WebhookEndpoint:
    """A new secret signs from now on; the old one signs too for LAUREL_WEBHOOK_OLD_SECRET_HOURS,
    so the receiver can switch without rejecting a message."""
    require(user=user, issuer=endpoint.issuer, right="manage_issuer")
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = timezone.now() + timedelta(
        hours=settings.LAUREL_WEBHOOK_OLD_SECRET_HOURS
    )
    endpoint.secret = new_webhook_secret()
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
    return endpoint


@transaction.atomic
def webhook_ping(*, endpoint: WebhookEndpoint, user) -> WebhookDelivery:
    """Send a test message (event `ping`) to the endpoint, logged like any delivery."""
    require(user=user, issuer=endpoint.issuer, right="manage_issuer")
    issuer = endpoint.issuer
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=WEBHOOK_PING,
        payload=message_body(
            WEBHOOK_PING,
            {
                "issuer": {"id": issuer.entity_id, "name": issuer.name},
                "endpoint": endpoint.entity_id,
            },
        ),
    )
    transaction.on_commit(lambda: schedule(delivery.pk))
    return delivery


@transaction.atomic
def webhook_redeliver(*, delivery: WebhookDelivery, user) -> WebhookDelivery:
    """Send a delivery again, delivered or failed, with the same message id and body, and the
    whole retry schedule ahead of it. Its earlier attempts stay in the log."""
    require(user=user, issuer=delivery.endpoint.issuer, right="manage_issuer")
    if delivery.status == DeliveryStatus.PENDING:
        raise ValidationError(
            _("This delivery is still being tried; redeliver it once it is delivered or failed.")
        )
    if not delivery.endpoint.active:
        raise ValidationError(_("The endpoint is disabled; enable it first."))
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.delivered_at = None
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "delivered_at"])
    transaction.on_commit(lambda: schedule(delivery.pk))
    return delivery


def _apply_webhook_fields(endpoint: WebhookEndpoint, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(WEBHOOK_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    errors: dict[str, list[str]] = {}
    check_text({k: v for k, v in fields.items() if k in ("url", "description")}, errors)
    if "url" in fields:
        endpoint.url = (fields["url"] or "").strip()
        check_url_field(endpoint.url, "url", errors, required=True)
        if len(endpoint.url) > 500:
            errors["url"] = [_("Keep the URL within 500 characters.")]
        if "url" not in errors:
            try:
                check_url(endpoint.url, hint=PRIVATE_ADDRESS_HINT)
            except FetchError as exc:
                errors["url"] = [str(exc)]
    if "description" in fields:
        endpoint.description = (fields["description"] or "").strip()
        if len(endpoint.description) > 200:
            errors["description"] = [_("Keep the description within 200 characters.")]
    if "events" in fields:
        events = fields["events"]
        if not isinstance(events, list | tuple) or not all(isinstance(e, str) for e in events):
            errors["events"] = [_("Give the events as a list of names.")]
        else:
            unknown_events = sorted(set(events) - set(WEBHOOK_EVENTS))
            if unknown_events:
                errors["events"] = [
                    _("Unknown event %(events)s; choose from %(known)s.")
                    % {"events": ", ".join(unknown_events), "known": ", ".join(WEBHOOK_EVENTS)}
                ]
            elif not events:
                errors["events"] = [_("Choose at least one event to receive.")]
            endpoint.events = [event for event in WEBHOOK_EVENTS if event in events]
    if "active" in fields:
        if not isinstance(fields["active"], bool):
            errors["active"] = [_("Say true or false.")]
        else:
            endpoint.active = fields["active"]
    if errors:
        raise ValidationError(errors)
