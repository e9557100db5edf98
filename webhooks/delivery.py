"""Webhooks: outbox messages become signed event messages for issuers' endpoints, sent and retried.

An outbox handler per event turns a message into one WebhookDelivery per subscribed endpoint
(at most one per endpoint and message, however often the message is handled). A task sends
a delivery; the row is the truth: its next attempt time is moved on before sending, so a
worker lost mid-request leaves a due row that the sweep (a beat task) sends again, with the
same message id. Messages follow the Standard Webhooks scheme (https://www.standardwebhooks.com).

The payload of each event comes from a builder registered with `@event_builder(event)` (the
builders are in webhooks/handlers.py): it gets the outbox message's payload and answers an
Event (the issuer and the `data`), or None when there is nothing to send.
"""

import base64
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import celery
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from badges.openbadges.fetch import FetchError, safe_post
from badges.openbadges.ob2 import iso
from outbox.delivery import handles

from .models import WEBHOOK_PING, DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

PRIVATE_ADDRESS_HINT = gettext_lazy("Webhook endpoints must be at a public internet address.")


@dataclass(frozen=True)
class Event:
    issuer_id: int
    data: dict


Builder = Callable[..., Event | None]
_builders: dict[str, Builder] = {}
_wired: set[str] = set()  # events whose outbox handler is registered


def event_builder(event: str, *, topic: str | None = None) -> Callable[[Builder], Builder]:
    """Register the builder of webhook event `event`, fed by the outbox topic `topic` (the
    event's own name unless given): `@event_builder("application.submitted")`."""

    def register(build: Builder) -> Builder:
        if event not in _wired:
            _wired.add(event)

            def deliver_event(*, message_id: int, **payload) -> None:
                deliveries_create(event=event, message_id=message_id, payload=payload)

            deliver_event.__name__ = f"webhook_{event.replace('.', '_')}"
            handles(topic or event, message_id=True)(deliver_event)
        _builders[event] = build
        return build

    return register


def deliveries_create(*, event: str, message_id: int | None, payload: dict) -> list[int]:
    """One pending delivery per active endpoint subscribed to the event; sent after commit."""
    build = _builders.get(event)
    built = build(**payload) if build else None
    if built is None:
        return []
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(issuer_id=built.issuer_id, active=True)
        if event in endpoint.events
    ]
    done = set(
        WebhookDelivery.objects.filter(
            outbox_message_id=message_id, endpoint__in=endpoints
        ).values_list("endpoint_id", flat=True)
    )
    body = message_body(event, built.data)
    created = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, outbox_message_id=message_id, event=event, payload=body)
        for endpoint in endpoints
        if endpoint.pk not in done
    )
    ids = [delivery.pk for delivery in created]
    if ids:
        transaction.on_commit(lambda: [schedule(pk) for pk in ids])
    return ids


def message_body(event: str, data: dict) -> dict:
    return {"type": event, "timestamp": iso(timezone.now()), "data": data}


def schedule(delivery_id: int) -> None:
    # Queued by name: webhooks.tasks imports this module.
    try:
        celery.signature("badges.webhook_deliver", args=(delivery_id,)).delay()
    except Exception:  # the broker is down: the sweep sends it
        logger.warning("Could not queue webhook delivery %s; the sweep sends it", delivery_id)


# Signing -----------------------------------------------------------------------------------


def encode(payload: dict) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """Standard Webhooks v1: HMAC-SHA256 of "{id}.{timestamp}.{body}" with the decoded secret."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def headers(endpoint: WebhookEndpoint, message_id: str, body: bytes) -> dict[str, str]:
    timestamp = int(time.time())
    secrets = [endpoint.secret]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret and expires and expires > timezone.now():
        secrets.append(endpoint.previous_secret)
    return {
        "Content-Type": "application/json",
        "User-Agent": "Laurel webhooks",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(
            signature(secret, message_id, timestamp, body) for secret in secrets
        ),
    }


# Sending -----------------------------------------------------------------------------------


def _claim(delivery_id: int) -> tuple[WebhookDelivery | None, bool]:
    """Take a due delivery for one attempt: (delivery, last attempt?) or (None, False).

    The next attempt time moves on and is committed before anything is sent."""
    schedule = settings.LAUREL_WEBHOOK_RETRY_SCHEDULE
    # Connecting and reading are each bounded by the timeout: twice it covers a whole attempt.
    lease = 2 * settings.LAUREL_WEBHOOK_TIMEOUT
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            # Only the delivery's row is locked: others to the same endpoint go on in parallel.
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if delivery is None:
            return None, False
        number = delivery.attempts + 1
        if number > len(schedule) + 1 or (
            not delivery.endpoint.active and delivery.event != WEBHOOK_PING
        ):
            delivery.status = DeliveryStatus.FAILED
            delivery.last_error = (
                _("The last attempt was cut off (its worker stopped); redeliver to try again.")
                if delivery.endpoint.active
                else _("The endpoint is disabled; enable it and redeliver.")
            )
            delivery.save(update_fields=["status", "last_error"])
            return None, False
        wait = schedule[number - 1] if number <= len(schedule) else 0
        delivery.attempts = number
        delivery.next_attempt_at = now + timedelta(seconds=max(wait, lease))
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    return delivery, number > len(schedule)


def attempt(delivery_id: int) -> WebhookDelivery | None:
    """Send a due delivery once and log the attempt; None when it was not due."""
    delivery, last = _claim(delivery_id)
    if delivery is None:
        return None
    body = encode(delivery.payload)
    status_code, excerpt, error = None, "", ""
    started = time.monotonic()
    try:
        response = safe_post(
            delivery.endpoint.url,
            body=body,
            headers=headers(delivery.endpoint, delivery.message_id, body),
            max_bytes=settings.LAUREL_WEBHOOK_RESPONSE_EXCERPT,
            timeout=settings.LAUREL_WEBHOOK_TIMEOUT,
        )
    except (FetchError, OSError) as exc:
        error = str(exc) or type(exc).__name__
    else:
        status_code = response.status
        excerpt = response.body.decode("utf-8", "replace")
    duration_ms = int((time.monotonic() - started) * 1000)
    delivered = status_code is not None and 200 <= status_code < 300
    if status_code is not None and not delivered:
        error = _("The endpoint answered HTTP %(status)s; only 2xx counts as received.") % {
            "status": status_code
        }
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            status_code=status_code,
            response_excerpt=excerpt,
            error=error,
            duration_ms=duration_ms,
        )
        delivery.last_status_code = status_code
        delivery.last_error = error
        fields = ["last_status_code", "last_error"]
        if delivered:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = timezone.now()
            fields += ["status", "delivered_at"]
        elif last:
            delivery.status = DeliveryStatus.FAILED
            fields.append("status")
        WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
            **{name: getattr(delivery, name) for name in fields}
        )
    return delivery


def due(limit: int = 500) -> list[int]:
    """Ids of pending deliveries whose next attempt time has passed, oldest first."""
    return list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
