"""The custom User: email is the login; allauth's EmailAddress says which emails are verified.
A learner's display name and photo name them on the pages they share, when they choose so.

Also the personal access tokens a user makes for scripts (OAuth2 access tokens with a name).
"""

import secrets

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required to create a user.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not (extra_fields["is_staff"] and extra_fields["is_superuser"]):
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)


def new_user_entity_id() -> str:
    """The opaque id the API shows for a user (never the sequential pk)."""
    return secrets.token_urlsafe(16)


class User(AbstractBaseUser, PermissionsMixin):
    entity_id = models.CharField(
        max_length=32, unique=True, default=new_user_entity_id, editable=False
    )
    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    # The name public pages give the learner; never written into Open Badges documents.
    display_name = models.CharField(max_length=100, blank=True)
    # A square PNG made from the upload by accounts.photos (checked by content, re-encoded).
    photo = models.FileField(upload_to="profiles/", blank=True)
    show_name_publicly = models.BooleanField(
        default=True,
        help_text=_("Name the user (and show their photo) on the pages they share."),
    )
    # One of LANGUAGES, or blank to follow the browser: the portal's language once signed in,
    # and the language of the emails Laurel sends this user.
    language = models.CharField(max_length=10, blank=True)
    is_staff = models.BooleanField(
        default=False, help_text=_("Can sign in to the Django admin and the Wagtail admin.")
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.display_name or f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.first_name or self.email


class PersonalAccessToken(models.Model):
    """A named OAuth2 access token a user made for a script; deleting it revokes the token."""

    entity_id = models.CharField(
        max_length=32, unique=True, default=new_user_entity_id, editable=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_tokens"
    )
    name = models.CharField(max_length=100)
    access_token = models.OneToOneField(
        "oauth2_provider.AccessToken", on_delete=models.CASCADE, related_name="personal"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"
