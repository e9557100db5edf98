"""Backpack tasks: verifying imported badges again on a schedule (Celery beat)."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .models import ImportedBadge
from .services import imported_badge_reverify

logger = logging.getLogger(__name__)

BATCH = 200


@shared_task(name="backpack.reverify_due")
def reverify_due() -> int:
    """Verify again the imported badges last checked more than LAUREL_REVERIFY_HOURS ago,
    the oldest first and at most BATCH a run; one that fails to verify does not stop the rest."""
    due = timezone.now() - timedelta(hours=settings.LAUREL_REVERIFY_HOURS)
    done = 0
    for imported in ImportedBadge.objects.filter(verified_at__lt=due).order_by("verified_at")[
        :BATCH
    ]:
        try:
            imported_badge_reverify(imported=imported)
        except Exception:  # a broken badge must not starve the others of their check
            logger.exception("Re-verifying imported badge %s failed", imported.entity_id)
            continue
        done += 1
    return done
