"""Clients registered dynamically (RFC 7591) for the Open Badges 3.0 API or Badge Connect.

Each is an OAuth application of django-oauth-toolkit (the one OAuth server of the site) with
the metadata the learner sees on the consent page, and a switch for operators to disable it.
"""

from urllib.parse import urlsplit

from django.db import models

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
        default=False, help_text="A disabled client's tokens stop working and it gets no new ones."
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
