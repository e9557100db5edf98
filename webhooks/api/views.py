"""Webhooks: an issuer's endpoints (list, create, read, update, delete), their delivery log,
and redelivery of a message with its id. Owners only: the secret signs the issuer's events."""

from badges.api.envelope import ok
from badges.api.pagination import paginate
from badges.api.permissions import get_issuer, needs
from badges.api.schema import api_schema
from badges.api.views import ApiView

from .. import selectors, services
from .permissions import get_webhook, get_webhook_delivery
from .serializers import WebhookDeliveryOutput, WebhookEndpointInput, WebhookEndpointOutput

TAG = "Webhooks"


class IssuerWebhookList(ApiView):
    """List an issuer's webhook endpoints (owners)."""

    @api_schema(
        summary="List an issuer's webhook endpoints",
        tag=TAG,
        output=WebhookEndpointOutput,
        paginated=True,
    )
    @needs("rw:issuer")
    def get(self, request, entity_id: str):
        issuer = get_issuer(request, entity_id, right="manage_issuer")
        endpoints = selectors.webhook_endpoint_list(issuer=issuer).select_related("created_by")
        return paginate(request, self, endpoints, WebhookEndpointOutput)


class IssuerWebhookCreate(ApiView):
    """Register a webhook endpoint (owners); the answer holds its signing secret."""

    @api_schema(
        summary="Create a webhook endpoint",
        tag=TAG,
        output=WebhookEndpointOutput,
        request=WebhookEndpointInput,
        status=201,
    )
    @needs("rw:issuer")
    def post(self, request, entity_id: str):
        issuer = get_issuer(request, entity_id, right="manage_issuer")
        data = WebhookEndpointInput(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = services.webhook_endpoint_create(
            issuer=issuer, user=request.user, **data.validated_data
        )
        return ok(WebhookEndpointOutput(endpoint).data, status=201)


class WebhookDetail(ApiView):
    """Read a webhook endpoint, with its secret (owners)."""

    @api_schema(summary="Get a webhook endpoint", tag=TAG, output=WebhookEndpointOutput)
    @needs("rw:issuer")
    def get(self, request, entity_id: str):
        endpoint = get_webhook(request, entity_id, right="manage_issuer")
        return ok(WebhookEndpointOutput(endpoint).data)


class WebhookUpdate(ApiView):
    """Change a webhook endpoint (owners). Fields left out keep their value."""

    @api_schema(
        summary="Update a webhook endpoint",
        tag=TAG,
        output=WebhookEndpointOutput,
        request=WebhookEndpointInput,
    )
    @needs("rw:issuer")
    def put(self, request, entity_id: str):
        endpoint = get_webhook(request, entity_id, right="manage_issuer")
        data = WebhookEndpointInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        endpoint = services.webhook_endpoint_update(
            endpoint=endpoint, user=request.user, **data.validated_data
        )
        return ok(WebhookEndpointOutput(endpoint).data)


class WebhookDelete(ApiView):
    """Delete a webhook endpoint and its delivery log (owners)."""

    @api_schema(summary="Delete a webhook endpoint", tag=TAG)
    @needs("rw:issuer")
    def delete(self, request, entity_id: str):
        endpoint = get_webhook(request, entity_id, right="manage_issuer")
        services.webhook_endpoint_delete(endpoint=endpoint, user=request.user)
        return ok([])


class WebhookDeliveryList(ApiView):
    """The endpoint's deliveries, most recent first, each with its logged attempts."""

    @api_schema(
        summary="List a webhook endpoint's deliveries",
        tag=TAG,
        output=WebhookDeliveryOutput,
        paginated=True,
    )
    @needs("rw:issuer")
    def get(self, request, entity_id: str):
        endpoint = get_webhook(request, entity_id, right="manage_issuer")
        deliveries = selectors.webhook_delivery_list(endpoint=endpoint)
        return paginate(request, self, deliveries, WebhookDeliveryOutput)


class WebhookRedeliver(ApiView):
    """Send a delivered or failed message again, with the same webhook-id and body."""

    @api_schema(
        summary="Redeliver a webhook message", tag=TAG, output=WebhookDeliveryOutput, request=None
    )
    @needs("rw:issuer")
    def post(self, request, entity_id: str):
        delivery = get_webhook_delivery(request, entity_id, right="manage_issuer")
        delivery = services.webhook_redeliver(delivery=delivery, user=request.user)
        return ok(WebhookDeliveryOutput(delivery).data, description="queued for redelivery")


class WebhookSecretRotate(ApiView):
    """Give the endpoint a new secret; the old one signs too, for a day by default."""

    @api_schema(
        summary="Rotate a webhook endpoint's secret",
        tag=TAG,
        output=WebhookEndpointOutput,
        request=None,
    )
    @needs("rw:issuer")
    def post(self, request, entity_id: str):
        endpoint = get_webhook(request, entity_id, right="manage_issuer")
        endpoint = services.webhook_secret_rotate(endpoint=endpoint, user=request.user)
        return ok(WebhookEndpointOutput(endpoint).data, description="secret rotated")


class WebhookPing(ApiView):
    """Send a test message (event `ping`) to the endpoint; it appears in the delivery log."""

    @api_schema(
        summary="Send a test message to a webhook endpoint",
        tag=TAG,
        output=WebhookDeliveryOutput,
        request=None,
    )
    @needs("rw:issuer")
    def post(self, request, entity_id: str):
        endpoint = get_webhook(request, entity_id, right="manage_issuer")
        delivery = services.webhook_ping(endpoint=endpoint, user=request.user)
        return ok(WebhookDeliveryOutput(delivery).data, description="test message queued")
