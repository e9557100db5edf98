"""Derived files kept for public pages (renditions), and email opt-outs."""

from django.db import models


class NotificationOptOut(models.Model):
    """An email address that asked for no more award notifications."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.email


class StoredRendition(models.Model):
    """A derived file (PNG of an SVG, social card, baked badge), made once and reused.

    `digest` fingerprints the inputs; when they change the rendition is made again.
    """

    key = models.CharField(max_length=200, unique=True)
    digest = models.CharField(max_length=64)
    file = models.FileField(upload_to="renditions/")
    content_type = models.CharField(max_length=50)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key
