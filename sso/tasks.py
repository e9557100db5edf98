"""Celery tasks of institutional sign-in: SAML metadata fetched again on a schedule."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import Institution, Protocol
from .services import metadata_refresh


@shared_task(name="sso.refresh_metadata")
def refresh_metadata() -> int:
    """Refresh every SAML institution whose metadata URL was last fetched long enough ago;
    the number refreshed."""
    due = timezone.now() - timedelta(hours=settings.LAUREL_SAML_METADATA_REFRESH_HOURS)
    institutions = Institution.objects.filter(protocol=Protocol.SAML).exclude(metadata_url="")
    institutions = institutions.filter(
        Q(metadata_fetched_at__isnull=True) | Q(metadata_fetched_at__lt=due)
    )
    return sum(metadata_refresh(institution=institution) for institution in institutions)
