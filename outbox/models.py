"""The outbox's one record: a message written with the change it reports."""

from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    topic = models.CharField(max_length=100, db_index=True)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    available_at = models.DateTimeField(default=timezone.now, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        # The table was made when the outbox lived in the portal app; it kept its name.
        db_table = "portal_outboxmessage"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk}"
