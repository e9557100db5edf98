"""Clients registered dynamically (RFC 7591) for the Open Badges 3.0 API or Badge Connect, and
the outside hosts a learner connected (Laurel as the API's consumer).

Each is an OAuth application of django-oauth-toolkit (the one OAuth server of the site) with
the metadata the learner sees on the consent page, and a switch for operators to disable it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scopes import BADGE_CONNECT, OB3


class RegisteredClient(models.Model):
    application = models.OneToOneField(
        "oauth2_provider.Application", on_delete=models.CASCADE, related_name="ob_registration"
    )
    api = models.CharField(
        max_length=8, choices=[(OB3, "Open Badges 3.0"), (BADGE_CONNECT, "Badge Connect 2.1")]
    )
    client_uri = models.URLField(max_length=500)
    logo_uri = models.URLField(max_length=500, blank=True)
    tos_uri = models.URLField(max_length=500, blank=True)
    policy_uri = models.URLField(max_length=500, blank=True)
    software_id = models.CharField(max_length=200, blank=True)
    software_version = models.CharField(max_length=100, blank=True)
    # The scopes registered; an authorization may ask for these and no others.
    scope = models.TextField()
    disabled = models.BooleanField(
        default=False,
        help_text=_("A disabled client's tokens stop working and it gets no new ones."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.application.name

    @property
    def site(self) -> str:
        """The host the client comes from, as the consent page names it."""
        return urlsplit(self.client_uri).hostname or self.client_uri


class HostConnection(models.Model):
    """An outside Open Badges 3.0 host (another backpack) a learner connected: Laurel registered
    there as a client and holds the learner's tokens, encrypted, to send their awards."""

    PENDING, CONNECTED = "pending", "connected"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badge_hosts"
    )
    base_url = models.URLField(max_length=500)
    name = models.CharField(max_length=200)
    credentials_url = models.URLField(max_length=500)
    authorization_url = models.URLField(max_length=500)
    token_url = models.URLField(max_length=500)
    client_id = models.CharField(max_length=200)
    client_secret_encrypted = models.TextField()
    # Only while the learner is on the host's consent page: the PKCE verifier and the state.
    pkce_verifier = models.CharField(max_length=128, blank=True)
    state = models.CharField(max_length=64, blank=True, db_index=True)
    access_token_encrypted = models.TextField(blank=True)
    refresh_token_encrypted = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, default=PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "base_url"], name="host_connection_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"


class HostDelivery(models.Model):
    """One sending of an award to a connected host, and what the host answered."""

    connection = models.ForeignKey(
        HostConnection, on_delete=models.CASCADE, related_name="deliveries"
    )
    assertion = models.ForeignKey(
        "badges.Assertion", on_delete=models.CASCADE, related_name="host_deliveries"
    )
    status_code = models.PositiveIntegerField(null=True)
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.assertion_id} to {self.connection} ({self.status_code})"
