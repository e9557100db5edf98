"""The webhook endpoint or delivery an API call names, if the caller may reach its issuer."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound

from badges.api.permissions import issuer_reachable

from ..models import WebhookDelivery, WebhookEndpoint


def get_webhook(request, entity_id: str, right: str | None = None) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.select_related("issuer", "created_by")
    endpoint = endpoint.filter(entity_id=entity_id).first()
    if endpoint is None:
        raise NotFound(_("No webhook endpoint with id %(id)s.") % {"id": entity_id})
    issuer_reachable(request, endpoint.issuer, right)
    return endpoint


def get_webhook_delivery(request, message_id: str, right: str | None = None) -> WebhookDelivery:
    delivery = WebhookDelivery.objects.select_related("endpoint__issuer")
    delivery = delivery.filter(message_id=message_id).first()
    if delivery is None:
        raise NotFound(_("No webhook delivery with id %(id)s.") % {"id": message_id})
    issuer_reachable(request, delivery.endpoint.issuer, right)
    return delivery
