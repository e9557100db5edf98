"""Badge classes and the choices of their fields."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import EntityModel
from .issuers import Issuer

UNIT_LABELS = {
    "hours": _("hours"),
    "days": _("days"),
    "weeks": _("weeks"),
    "months": _("months"),
    "years": _("years"),
}


def unit_choices(name: str, *units: str) -> type[models.TextChoices]:
    """Choices of time units, each labelled with its own name: DurationUnit.DAYS is "days"."""
    return models.TextChoices(name, [(unit.upper(), (unit, UNIT_LABELS[unit])) for unit in units])


# How long after the award a badge expires.
DurationUnit = unit_choices("DurationUnit", "days", "weeks", "months", "years")
# How long earning the badge takes.
TimeUnit = unit_choices("TimeUnit", "hours", "days", "weeks", "months")


class Level(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    EXPERT = "expert", _("Expert")


class BadgeType(models.TextChoices):
    ACHIEVEMENT = "achievement", _("Achievement")
    SKILL = "skill", _("Skill")
    COMPETENCY = "competency", _("Competency")
    PARTICIPATION = "participation", _("Participation")
    CERTIFICATE = "certificate", _("Certificate")
    LICENSE = "license", _("Licence")


EVIDENCE_TYPES = ("text", "url", "file")


class BadgeClassQuerySet(models.QuerySet):
    def listed(self) -> "BadgeClassQuerySet":
        """What the public may find and pick: published, public and not archived."""
        return self.filter(archived=False, is_public=True, draft=False)


class BadgeClass(EntityModel):
    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="badge_classes")
    name = models.CharField(max_length=200)
    description = models.TextField()
    image = models.FileField(upload_to="badges/")
    criteria_url = models.URLField(max_length=500, blank=True)
    criteria_narrative = models.TextField(blank=True, help_text=_("Markdown."))
    # The criteria as sanitised HTML, rendered by the services when the Markdown is saved.
    criteria_html = models.TextField(blank=True, editable=False)
    alignments = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    expires_amount = models.PositiveIntegerField(null=True, blank=True)
    expires_unit = models.CharField(max_length=10, choices=DurationUnit.choices, blank=True)
    earner_description = models.TextField(blank=True)
    consumer_description = models.TextField(blank=True)
    time_to_earn_value = models.PositiveIntegerField(null=True, blank=True)
    time_to_earn_unit = models.CharField(max_length=10, choices=TimeUnit.choices, blank=True)
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    badge_type = models.CharField(max_length=20, choices=BadgeType.choices, blank=True)
    cost_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    cost_currency = models.CharField(max_length=3, blank=True)
    language = models.CharField(max_length=16, default="en")
    evidence_types = models.JSONField(default=list, blank=True)
    archived = models.BooleanField(default=False)
    # Private badge classes are awarded and verifiable but never listed in public search.
    is_public = models.BooleanField(default=True)
    # A draft is seen only in its issuer's workspace: no public document, search or award.
    draft = models.BooleanField(default=False)
    # The badge studio's choices that drew the image, so the design can be edited later.
    design = models.JSONField(default=dict, blank=True)
    # Learners may apply with evidence (of `evidence_types`; none listed means any kind);
    # `approvals_required` distinct reviewers must approve before the badge is awarded.
    accepts_applications = models.BooleanField(default=False)
    approvals_required = models.PositiveSmallIntegerField(default=1)

    objects = BadgeClassQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "badge classes"

    def __str__(self) -> str:
        return self.name


class BadgeClassTranslation(models.Model):
    """A badge class's name, description and criteria in another language than its own.

    The badge class keeps its main language (`BadgeClass.language`), which its OB 2.0 document
    and signed credentials carry; a translation is shown to people reading the site in its
    language and published as a related OB 3.0 achievement.
    """

    badge_class = models.ForeignKey(
        BadgeClass, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(max_length=16)
    name = models.CharField(max_length=200)
    description = models.TextField()
    criteria_narrative = models.TextField(blank=True, help_text=_("Markdown."))
    criteria_html = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["badge_class", "language"], name="badge_translation_unique_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"
