"""Reads of webhooks: an issuer's endpoints, an endpoint's deliveries with their attempts."""

from django.db.models import QuerySet

from badges.models import Issuer

from .models import WebhookDelivery, WebhookEndpoint


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
