"""Input and output of the webhooks API: endpoints (with their secret) and deliveries."""

from rest_framework import serializers

from badges.api.fields import ConstantField, no_null_characters
from badges.api.serializers.common import EntityOutput

from ..models import WEBHOOK_EVENTS


class WebhookEndpointOutput(EntityOutput):
    entityType = ConstantField("WebhookEndpoint")
    issuer = serializers.CharField(source="issuer.entity_id")
    url = serializers.CharField()
    description = serializers.CharField()
    events = serializers.ListField(child=serializers.ChoiceField(choices=WEBHOOK_EVENTS))
    active = serializers.BooleanField()
    secret = serializers.CharField(
        help_text="The Standard Webhooks signing secret (whsec_...): verify messages with it."
    )


class WebhookEndpointInput(serializers.Serializer):
    url = serializers.CharField(
        max_length=500, validators=[no_null_characters], help_text="A public http(s) URL."
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WEBHOOK_EVENTS),
        required=False,
        help_text="Events to receive; all of them when left out.",
    )
    active = serializers.BooleanField(required=False)


class WebhookAttemptOutput(serializers.Serializer):
    sentAt = serializers.DateTimeField(source="sent_at")
    statusCode = serializers.IntegerField(source="status_code", allow_null=True)
    responseExcerpt = serializers.CharField(source="response_excerpt")
    error = serializers.CharField()
    durationMs = serializers.IntegerField(source="duration_ms")


class WebhookDeliveryOutput(serializers.Serializer):
    entityType = ConstantField("WebhookDelivery")
    entityId = serializers.CharField(
        source="message_id", help_text="The message id, sent as webhook-id; kept on redelivery."
    )
    endpoint = serializers.CharField(source="endpoint.entity_id")
    event = serializers.CharField()
    status = serializers.ChoiceField(choices=["pending", "delivered", "failed"])
    attempts = serializers.IntegerField(help_text="Attempts since the last (re)delivery.")
    nextAttemptAt = serializers.DateTimeField(source="next_attempt_at")
    lastStatusCode = serializers.IntegerField(source="last_status_code", allow_null=True)
    lastError = serializers.CharField(source="last_error")
    createdAt = serializers.DateTimeField(source="created_at")
    deliveredAt = serializers.DateTimeField(source="delivered_at", allow_null=True)
    payload = serializers.DictField(help_text="The message body as sent.")
    attemptLog = WebhookAttemptOutput(source="attempt_log.all", many=True)
