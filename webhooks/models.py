"""Webhook endpoints of issuers, the deliveries of event messages to them, and each attempt.

The tables kept the names they had in the badges app (db_table), so moving the models here
changed no database table."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from badges.models import EntityModel, Issuer, new_webhook_message_id, new_webhook_secret

# What an endpoint may subscribe to (webhooks/handlers.py builds each event's payload).
WEBHOOK_EVENTS = (
    "assertion.awarded",
    "assertion.revoked",
    "application.submitted",
    "application.reviewed",
    "badgeclass.updated",
)
# Sent on request from the workspace or the API, to every endpoint regardless of its events.
WEBHOOK_PING = "ping"


class WebhookEndpoint(EntityModel):
    """A URL of an issuer's that receives signed event messages."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)
    secret = models.CharField(max_length=80, default=new_webhook_secret)
    # After a rotation messages are signed with the old secret too, until it expires, so the
    # receiver can switch over without losing any.
    previous_secret = models.CharField(max_length=80, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "badges_webhookendpoint"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One event message for one endpoint. The row is the truth: a delivery is due while it is
    pending and its next_attempt_at has passed, whoever picks it up."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    # The outbox message it came from: one delivery per endpoint and message, however often
    # the message is handled. Empty for a test (ping) message.
    outbox_message_id = models.BigIntegerField(null=True, blank=True)
    event = models.CharField(max_length=50)
    message_id = models.CharField(
        max_length=40, unique=True, default=new_webhook_message_id, editable=False
    )
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "badges_webhookdelivery"
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "outbox_message_id"], name="webhook_delivery_once_per_message"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.message_id} to {self.endpoint} ({self.status})"


class WebhookAttempt(models.Model):
    """One try at sending a delivery: what came back, or why nothing did."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "badges_webhookattempt"
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.delivery.message_id} at {self.sent_at}: {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
