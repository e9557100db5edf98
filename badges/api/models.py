"""Idempotency records: a retried award request with the same key gets the first answer."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyRecord(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    endpoint = models.CharField(max_length=300)
    fingerprint = models.CharField(max_length=64, help_text=_("SHA-256 of the request body."))
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key", "endpoint"], name="idempotency_unique_user_key_endpoint"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} at {self.endpoint}"
