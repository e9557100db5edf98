"""Awards (assertions) and queued batches of awards."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .badge_classes import BadgeClass
from .base import EntityIdModel, EntityModel, Verification
from .issuers import Issuer


class RecipientType(models.TextChoices):
    EMAIL = "email", _("Email")
    URL = "url", _("URL")
    TELEPHONE = "telephone", _("Telephone")
    ID = "id", _("Identifier")


class Assertion(EntityModel):
    badge_class = models.ForeignKey(BadgeClass, on_delete=models.PROTECT, related_name="assertions")
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="assertions")
    recipient_type = models.CharField(max_length=10, choices=RecipientType.choices)
    recipient_identity = models.CharField(max_length=500, db_index=True)
    recipient_hashed = models.BooleanField(default=True)
    salt = models.CharField(max_length=64, blank=True)
    issued_on = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField(null=True, blank=True)
    narrative = models.TextField(blank=True, help_text=_("Markdown."))
    evidence = models.JSONField(default=list, blank=True)
    extensions = models.JSONField(default=dict, blank=True)
    verification = models.CharField(
        max_length=10, choices=Verification.choices, default=Verification.HOSTED
    )
    signing_key = models.ForeignKey(
        "IssuerKey", null=True, blank=True, on_delete=models.PROTECT, related_name="assertions"
    )
    revoked = models.BooleanField(default=False)
    revocation_reason = models.CharField(max_length=500, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # This award's bit in its issuer's Open Badges 3.0 status list.
    status_index = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The award this one renews (same recipient, a new expiry); that one stays valid until its own.
    renews = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="renewals"
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["badge_class", "revoked", "expires"]),
            # The awards list of a badge, newest first, read a page at a time by the keyset
            # (issued_on, id); the revoked ones have their own, so that filter stays short too.
            models.Index(
                fields=["badge_class", "issued_on", "id"], name="assertion_badge_issued_idx"
            ),
            models.Index(
                fields=["badge_class", "issued_on", "id"],
                condition=models.Q(revoked=True),
                name="assertion_badge_revoked_idx",
            ),
            # /v2/assertions/changed: what changed since a moment is a short range of this.
            models.Index(fields=["updated_at", "id"], name="assertion_updated_idx"),
            # The issuer's revocation list read from the index alone (PostgreSQL covers the
            # two columns it shows; other databases ignore `include`).
            models.Index(
                fields=["issuer", "id"],
                include=["entity_id", "revocation_reason"],
                condition=models.Q(revoked=True),
                name="assertion_revoked_list_idx",
            ),
        ]
        # Recipient search also has a trigram index on UPPER(recipient_identity) on PostgreSQL,
        # made by migration 0015 (SQLite has no such index; its search scans, more slowly).
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "status_index"], name="assertion_unique_status_index"
            ),
            # An award is renewed once: two renewals racing cannot both be written.
            models.UniqueConstraint(fields=["renews"], name="assertion_renewed_once"),
        ]

    def __str__(self) -> str:
        return f"{self.badge_class} to {self.recipient_identity}"

    @property
    def is_expired(self) -> bool:
        return self.expires is not None and self.expires <= timezone.now()


class AwardJobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Awarding")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed: nothing was awarded")


class AwardJobKind(models.TextChoices):
    AWARD = "award", _("Award")
    RENEW = "renew", _("Renew")


class AwardJob(EntityIdModel):
    """A batch of awards checked row by row and then written all or nothing by a task: new
    awards (rows are recipients) or renewals (rows are {"renews": award entity id})."""

    badge_class = models.ForeignKey(BadgeClass, on_delete=models.CASCADE, related_name="award_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=AwardJobKind.choices, default=AwardJobKind.AWARD)
    rows = models.JSONField(default=list)
    notify = models.BooleanField(default=True)
    status = models.CharField(
        max_length=10, choices=AwardJobStatus.choices, default=AwardJobStatus.QUEUED
    )
    awarded = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{len(self.rows)} awards of {self.badge_class} ({self.status})"


class ExpiryReminder(models.Model):
    """That an award's recipient was reminded `days` before it expires: the row is the
    once-only key, written in the transaction that emits the email."""

    assertion = models.ForeignKey(Assertion, on_delete=models.CASCADE, related_name="reminders")
    days = models.PositiveIntegerField()
    # False: the threshold passed without an email (a nearer one was due, or the learner opted out).
    sent = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assertion", "days"], name="expiry_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.assertion_id} reminded {self.days} days before expiry"
