"""The webhook endpoint or delivery an API call names, if the caller may reach its issuer."""

from rest_framework.exceptions import NotFound

from badges.api.permissions import issuer_reachable

from ..models import WebhookDelivery, WebhookEndpoint


def get_webhook(request, entity_id: str, right: str | None = None) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.select_related("issuer", "created_by")
    endpoint = endpoint.filter(entity_id=entity_id).first()
    if endpoint is None:
        raise NotFound(f"No webhook endpoint with id {entity_id}.")
    issuer_reachable(request, endpoint.issuer, right)
    return endpoint


def get_webhook_delivery(request, message_id: str, right: str | None = None) -> WebhookDelivery:
    delivery = WebhookDelivery.objects.select_related("endpoint__issuer")
    delivery = delivery.filter(message_id=message_id).first()
    if delivery is None:
        raise NotFound(f"No webhook delivery with id {message_id}.")
    issuer_reachable(request, delivery.endpoint.issuer, right)
    return delivery
