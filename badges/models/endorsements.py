"""Endorsements: an issuer of this site vouches for an issuer, badge class or award."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .awards import Assertion
from .badge_classes import BadgeClass
from .base import EntityModel
from .issuers import Issuer


class EndorsementQuerySet(models.QuerySet):
    def shown(self) -> "EndorsementQuerySet":
        """Live endorsements the endorsed issuer has not hidden: listed on what they endorse."""
        return self.filter(revoked=False, hidden=False)


class Endorsement(EntityModel):
    """An issuer of this site vouches, with a comment, for an issuer, a badge class or an award.

    Exactly one of the three targets is set. Revoked endorsements stay (their public URLs
    answer 410 Gone, and their bit in the endorser's status list is set)."""

    endorser = models.ForeignKey(
        Issuer, on_delete=models.CASCADE, related_name="endorsements_given"
    )
    issuer = models.ForeignKey(
        Issuer, null=True, blank=True, on_delete=models.CASCADE, related_name="endorsements"
    )
    badge_class = models.ForeignKey(
        BadgeClass, null=True, blank=True, on_delete=models.CASCADE, related_name="endorsements"
    )
    assertion = models.ForeignKey(
        Assertion, null=True, blank=True, on_delete=models.CASCADE, related_name="endorsements"
    )
    comment = models.TextField(help_text=_("Markdown: the endorser's claim."))
    # The comment as sanitised HTML, rendered by the services when it is saved.
    comment_html = models.TextField(blank=True, editable=False)
    issued_on = models.DateTimeField(default=timezone.now)
    revoked = models.BooleanField(default=False)
    revocation_reason = models.CharField(max_length=500, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # This endorsement's bit in its endorser's Open Badges 3.0 status list (shared with awards).
    status_index = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The endorsed issuer's answer: accepted (shown, marked so) or hidden (not listed anywhere).
    accepted_at = models.DateTimeField(null=True, blank=True)
    hidden = models.BooleanField(default=False)

    objects = EndorsementQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(issuer__isnull=False, badge_class__isnull=True, assertion__isnull=True)
                    | models.Q(
                        issuer__isnull=True, badge_class__isnull=False, assertion__isnull=True
                    )
                    | models.Q(
                        issuer__isnull=True, badge_class__isnull=True, assertion__isnull=False
                    )
                ),
                name="endorsement_one_target",
            ),
            models.UniqueConstraint(
                fields=["endorser", "status_index"], name="endorsement_unique_status_index"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.endorser} endorses {self.target}"

    @property
    def target(self) -> "Issuer | BadgeClass | Assertion":
        return self.issuer or self.badge_class or self.assertion

    @property
    def endorsed_issuer(self) -> Issuer:
        """The issuer whose issuer profile, badge class or award is endorsed."""
        return self.issuer or (self.badge_class or self.assertion).issuer
