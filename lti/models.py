"""Platforms (LMSs) that launch Laurel, its tool keys, launches, courses and award rules."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from badges.models import BadgeClass, Issuer


class ToolKey(models.Model):
    """An RSA key Laurel signs with as a tool; retired keys stay published until deleted, so
    platforms holding a cached key set still verify what was signed just before a rotation."""

    kid = models.CharField(max_length=64, unique=True)
    private_pem = models.TextField()
    public_jwk = models.JSONField()
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.kid} ({'active' if self.active else 'retired'})"


class Platform(models.Model):
    name = models.CharField(max_length=200)
    issuer = models.CharField(_("platform issuer (iss)"), max_length=500)
    client_id = models.CharField(max_length=255)
    deployment_ids = models.JSONField(
        default=list, blank=True, help_text=_('Deployment ids the platform sends, e.g. ["1"].')
    )
    auth_url = models.URLField(_("OIDC authorisation URL"), max_length=500)
    token_url = models.URLField(_("access token URL"), max_length=500)
    jwks_url = models.URLField(_("key set (JWKS) URL"), max_length=500)
    laurel_issuer = models.ForeignKey(
        Issuer, on_delete=models.CASCADE, related_name="lti_platforms"
    )
    award_as = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A staff member of the issuer in whose name rules award badges."),
    )
    # Operators vouch for hosts they register; platforms that registered themselves
    # (Dynamic Registration) are reached only under the safe-fetch rules.
    operator_registered = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "client_id"], name="lti_platform_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.issuer})"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class RegistrationInvite(models.Model):
    """The one URL an LMS administrator pastes for LTI Dynamic Registration."""

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    laurel_issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="+")
    award_as = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    platform = models.ForeignKey(Platform, null=True, blank=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return gettext("Registration link for %(issuer)s") % {"issuer": self.laurel_issuer}


class LaunchState(models.Model):
    """One OIDC login: its state and nonce, used once by the launch that follows."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE)
    state = models.CharField(max_length=64, unique=True)
    nonce = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)
    # A deep-linking launch keeps its claims here until the instructor has picked badges.
    claims = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.state)


class LmsUser(models.Model):
    """A platform's user id linked to a Laurel account."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE)
    sub = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "sub"], name="lti_user_unique")]

    def __str__(self) -> str:
        return str(self.sub)


class Course(models.Model):
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="courses")
    context_id = models.CharField(max_length=255)
    deployment_id = models.CharField(max_length=255)
    title = models.CharField(max_length=255, blank=True)
    lineitems_url = models.URLField(max_length=500, blank=True)
    memberships_url = models.URLField(max_length=500, blank=True)
    ags_scopes = models.JSONField(default=list, blank=True)
    badges = models.ManyToManyField(BadgeClass, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["platform", "context_id"], name="lti_course_unique")
        ]

    def __str__(self) -> str:
        return self.title or self.context_id


class CourseMember(models.Model):
    """Who launched into a course, with the role the platform gave them there."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sub = models.CharField(max_length=255)
    instructor = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "user"], name="lti_member_unique")]

    def __str__(self) -> str:
        return str(self.sub)


class RuleKind(models.TextChoices):
    SCORE = "score", _("Score reaches a percentage")
    COMPLETE = "complete", _("Completes line items")
    LAUNCH = "launch", _("On launch (attendance)")
    ROSTER = "roster", _("Everyone on the roster")


class AwardRule(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="rules")
    badge_class = models.ForeignKey(BadgeClass, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=RuleKind.choices)
    threshold = models.PositiveSmallIntegerField(null=True, blank=True)
    # Line item ids (URLs) the rule reads: one for a score rule, several for completion.
    lineitems = models.JSONField(default=list, blank=True)
    # What the last run that reached the platform read: when, and the line items' labels (by
    # id), so learners see their standing (LearnerProgress) without a call to the platform.
    read = models.DateTimeField(null=True, blank=True)
    lineitem_labels = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.badge_class}"


class RuleRun(models.Model):
    rule = models.ForeignKey(AwardRule, on_delete=models.CASCADE, related_name="runs")
    started = models.DateTimeField(auto_now_add=True)
    awarded = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started"]

    def __str__(self) -> str:
        return str(self.started)


class RuleAward(models.Model):
    """One learner awarded by one rule: the unique pair is what makes runs idempotent."""

    rule = models.ForeignKey(AwardRule, on_delete=models.CASCADE, related_name="awards")
    sub = models.CharField(max_length=255)
    email = models.EmailField()
    assertion = models.ForeignKey("badges.Assertion", on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "sub"], name="lti_award_once")]

    def __str__(self) -> str:
        return str(self.email)


class LearnerProgress(models.Model):
    """Where one learner stood against a rule when a run last read the course; each run that
    reads the course replaces the rule's rows, and a learner with no row had nothing to read."""

    rule = models.ForeignKey(AwardRule, on_delete=models.CASCADE, related_name="progress")
    sub = models.CharField(max_length=255)
    met = models.BooleanField(default=False)
    percent = models.FloatField(null=True, blank=True)  # a score rule's score, in percent
    done = models.JSONField(default=list, blank=True)  # a completion rule's line items done

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "sub"], name="lti_progress_unique")]

    def __str__(self) -> str:
        return str(self.sub)
