"""Applications for a badge with evidence, their history, reviews and reviewers' preferences."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .awards import Assertion
from .badge_classes import BadgeClass
from .base import EntityIdModel, EntityModel


def evidence_storage():
    """Evidence files live apart from public media: only badges.views.evidence_file serves them."""
    from django.core.files.storage import storages

    return storages["evidence"]


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for revision")
    AWARDED = "awarded", _("Awarded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The learner may change the application (reflections, evidence) in these states.
EDITABLE_STATES = (ApplicationState.DRAFT, ApplicationState.RETURNED)


# Waiting for the issuer: reviewers may take, assign and decide.
OPEN_STATES = (ApplicationState.SUBMITTED, ApplicationState.IN_REVIEW)


# Not decided yet: the learner may still withdraw.
UNDECIDED_STATES = (*EDITABLE_STATES, *OPEN_STATES)


class Application(EntityModel):
    """A learner's request for a badge: evidence and reflections, reviewed by the issuer's staff."""

    badge_class = models.ForeignKey(
        BadgeClass, on_delete=models.CASCADE, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    state = models.CharField(
        max_length=12, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    # [{"criterion": text, "text": the learner's reflection}], one per criterion of the badge.
    reflections = models.JSONField(default=list, blank=True)
    # Each submission starts a round; approvals count within the current round.
    round = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_applications",
    )
    # A reviewer's hold ends here (others may take it then); empty when an owner assigned it.
    assigned_until = models.DateTimeField(null=True, blank=True)
    assertion = models.OneToOneField(
        Assertion, null=True, blank=True, on_delete=models.SET_NULL, related_name="application"
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["badge_class", "state"])]

    def __str__(self) -> str:
        return f"{self.applicant} for {self.badge_class} ({self.state})"

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def undecided(self) -> bool:
        return self.state in UNDECIDED_STATES


class EvidenceKind(models.TextChoices):
    TEXT = "text", _("Text")
    URL = "url", _("Link")
    FILE = "file", _("File")


class ApplicationEvidence(EntityIdModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=4, choices=EvidenceKind.choices)
    description = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    url = models.URLField(max_length=1000, blank=True)
    file = models.FileField(upload_to="applications/", storage=evidence_storage, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    # Found from the file's first bytes, never from its name or the browser's word.
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} evidence of {self.application_id}"


class ApplicationEvent(models.Model):
    """One change of an application: who, when, from which state to which, and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    from_state = models.CharField(max_length=12, choices=ApplicationState.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=ApplicationState.choices)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state or '-'} -> {self.to_state} by {self.actor}"


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    RETURN = "return", _("Return for revision")
    REJECT = "reject", _("Reject")


class Review(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    round = models.PositiveSmallIntegerField()
    # [{"criterion": text, "met": bool, "comment": text}], in the badge's order.
    criteria = models.JSONField(default=list, blank=True)
    comment = models.TextField(blank=True, help_text=_("To the learner."))
    decision = models.CharField(max_length=8, choices=Decision.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.decision} by {self.reviewer} on {self.application_id}"


class ReviewEmails(models.TextChoices):
    EACH = "each", _("An email for each new application")
    DAILY = "daily", _("One daily digest")
    OFF = "off", _("No emails")


class ReviewerPreference(models.Model):
    """How a reviewer hears of new applications, for every issuer they review for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_preference"
    )
    emails = models.CharField(max_length=5, choices=ReviewEmails.choices, default=ReviewEmails.EACH)
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.emails}"
