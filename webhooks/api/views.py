"""Webhooks: an issuer's endpoints (list, create, read, update, delete), their delivery log,
and redelivery of a message with its id. Owners only: the secret signs the issuer's events."""

from functools import partial

from badges.api.envelope import ok
from badges.api.permissions import get_issuer, needs
from badges.api.schema import api_schema
from badges.api.views import ApiView, action_view, checked, detail_view, list_view

from .. import selectors, services
from .permissions import get_webhook, get_webhook_delivery
from .serializers import WebhookDeliveryOutput, WebhookEndpointInput, WebhookEndpointOutput

TAG = "Webhooks"
# The secret signs the issuer's events: every call here is for the issuer's owners.
_owned_webhook = partial(get_webhook, right="manage_issuer")
_owned_delivery = partial(get_webhook_delivery, right="manage_issuer")


IssuerWebhookList = list_view(
    "IssuerWebhookList",
    "List an issuer's webhook endpoints (owners).",
    items=lambda request, entity_id: selectors.webhook_endpoint_list(
        issuer=get_issuer(request, entity_id, right="manage_issuer")
    ).select_related("created_by"),
    output=WebhookEndpointOutput,
    scope="rw:issuer",
    summary="List an issuer's webhook endpoints",
    tag=TAG,
)


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
        data = checked(request, WebhookEndpointInput)
        endpoint = services.webhook_endpoint_create(
            issuer=issuer, user=request.user, **data.validated_data
        )
        return ok(WebhookEndpointOutput(endpoint).data, status=201)


WebhookDetail = detail_view(
    "WebhookDetail",
    "Read a webhook endpoint, with its secret (owners).",
    find=_owned_webhook,
    output=WebhookEndpointOutput,
    scope="rw:issuer",
    summary="Get a webhook endpoint",
    tag=TAG,
    errors=(400, 401, 403, 404),
)


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
        endpoint = _owned_webhook(request, entity_id)
        data = checked(request, WebhookEndpointInput, partial=True)
        endpoint = services.webhook_endpoint_update(
            endpoint=endpoint, user=request.user, **data.validated_data
        )
        return ok(WebhookEndpointOutput(endpoint).data)


class WebhookDelete(ApiView):
    """Delete a webhook endpoint and its delivery log (owners)."""

    @api_schema(summary="Delete a webhook endpoint", tag=TAG)
    @needs("rw:issuer")
    def delete(self, request, entity_id: str):
        services.webhook_endpoint_delete(
            endpoint=_owned_webhook(request, entity_id), user=request.user
        )
        return ok([])


WebhookDeliveryList = list_view(
    "WebhookDeliveryList",
    "The endpoint's deliveries, most recent first, each with its logged attempts.",
    items=lambda request, entity_id: selectors.webhook_delivery_list(
        endpoint=_owned_webhook(request, entity_id)
    ),
    output=WebhookDeliveryOutput,
    scope="rw:issuer",
    summary="List a webhook endpoint's deliveries",
    tag=TAG,
)


def _owner_action(
    name: str, doc: str, *, summary: str, service, output, done: str, target: str = "endpoint"
):
    """A POST that calls `service` on the endpoint (or, with target "delivery", the delivery)
    the URL names and answers what the service returns, through `output`, saying `done`."""
    find = _owned_webhook if target == "endpoint" else _owned_delivery

    def answer(view, request, entity_id: str):
        result = service(**{target: find(request, entity_id)}, user=request.user)
        return ok(output(result).data, description=done)

    return action_view(
        name, doc, "post", answer, scope="rw:issuer", summary=summary, tag=TAG, output=output,
        request=None,
    )  # fmt: skip


WebhookRedeliver = _owner_action(
    "WebhookRedeliver",
    "Send a delivered or failed message again, with the same webhook-id and body.",
    summary="Redeliver a webhook message",
    service=services.webhook_redeliver,
    target="delivery",
    output=WebhookDeliveryOutput,
    done="queued for redelivery",
)
WebhookSecretRotate = _owner_action(
    "WebhookSecretRotate",
    "Give the endpoint a new secret; the old one signs too, for a day by default.",
    summary="Rotate a webhook endpoint's secret",
    service=services.webhook_secret_rotate,
    output=WebhookEndpointOutput,
    done="secret rotated",
)
WebhookPing = _owner_action(
    "WebhookPing",
    "Send a test message (event `ping`) to the endpoint; it appears in the delivery log.",
    summary="Send a test message to a webhook endpoint",
    service=services.webhook_ping,
    output=WebhookDeliveryOutput,
    done="test message queued",
)
