"""The records kept beside pathway pages: the badges a pathway names, who follows it, and the
groups each recipient completed. They name the page by its label, so the pages' module (which
reads them through selectors) sits above this one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PathwayBadge(models.Model):
    """Which badge classes a pathway names, kept in step with the page so lookups are one query."""

    page = models.ForeignKey(
        "portal.PathwayPage", on_delete=models.CASCADE, related_name="badge_links"
    )
    badge_class = models.ForeignKey(
        "badges.BadgeClass", on_delete=models.CASCADE, related_name="pathway_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "badge_class"], name="pathway_badge_unique")
        ]

    def __str__(self) -> str:
        return f"{self.badge_class_id} in pathway {self.page_id}"


class PathwayFollow(models.Model):
    """A learner follows a pathway; it shows on their dashboard."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pathway_follows"
    )
    page = models.ForeignKey("portal.PathwayPage", on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="pathway_follow_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.page_id}"


class CompletionStatus(models.TextChoices):
    AWARDED = "awarded", _("Awarded")
    REVIEW = "review", _("Waiting for the issuer's review")


class PathwayCompletion(models.Model):
    """A group of a pathway completed by one recipient: its completion badge is given once.

    The unique constraint is what makes awarding happen exactly once, even when two awards
    that complete the group are processed at the same time.
    """

    page = models.ForeignKey(
        "portal.PathwayPage", on_delete=models.CASCADE, related_name="completions"
    )
    group_key = models.CharField(max_length=64)
    recipient_key = models.CharField(
        max_length=300,
        help_text=_("user:<id> for a learner with an account, else email:<address>."),
    )
    recipient_email = models.EmailField()
    badge_class = models.ForeignKey(
        "badges.BadgeClass", on_delete=models.CASCADE, related_name="pathway_completions"
    )
    status = models.CharField(max_length=10, choices=CompletionStatus.choices)
    assertion = models.ForeignKey(
        "badges.Assertion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "group_key", "recipient_key"], name="pathway_completion_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_key} completed {self.group_key} of {self.page_id}"
