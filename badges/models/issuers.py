"""Issuers, their staff with roles and rights, and invitations to the staff."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import EntityModel, Verification


class Issuer(EntityModel):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=500)
    email = models.EmailField()
    image = models.FileField(upload_to="issuers/", blank=True)
    verification = models.CharField(
        max_length=10, choices=Verification.choices, default=Verification.HOSTED
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")
    STAFF = "staff", _("Staff")


# What each role may do; a higher role holds every right of the lower ones.
ROLE_RIGHTS = {
    Role.STAFF: {"award"},
    Role.EDITOR: {"award", "edit_badges"},
    Role.OWNER: {"award", "edit_badges", "manage_issuer"},
}


class IssuerStaff(models.Model):
    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="issuer_roles"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "user"], name="issuer_staff_unique_user")
        ]
        verbose_name_plural = "issuer staff"

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) at {self.issuer}"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class IssuerInvitation(models.Model):
    """An invitation to an issuer's staff, by email: whoever has verified that email joins
    only by accepting it (the link in the email names it by `token`), or declines it."""

    issuer = models.ForeignKey(Issuer, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STAFF)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "email"], name="issuer_invitation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.email} invited to {self.issuer} as {self.role}"
