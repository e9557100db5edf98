"""Expiry reminders: the awards due one today, recorded once and emailed by the outbox."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from outbox.services import emit

from ..models import Assertion, ExpiryReminder, RecipientType


def reminder_thresholds() -> list[int]:
    """LAUREL_EXPIRY_REMINDER_DAYS as days before expiry, the farthest first ("30,7")."""
    return sorted(
        {int(days) for days in settings.LAUREL_EXPIRY_REMINDER_DAYS if int(days) > 0}, reverse=True
    )


def expiry_reminders_send(*, now: datetime | None = None) -> int:
    """Queue the reminder of every live, unrenewed email award whose nearest threshold has come
    and has not been sent; returns how many were queued. Thresholds farther than the nearest
    one due are recorded unsent, so a late first run (or a short-lived badge) sends one email,
    not several at once. Run daily (the beat task); running again the same day sends nothing."""
    now = now or timezone.now()
    thresholds = reminder_thresholds()
    if not thresholds:
        return 0
    due = (
        Assertion.objects.filter(
            revoked=False,
            recipient_type=RecipientType.EMAIL,
            expires__gt=now,
            expires__lte=now + timedelta(days=thresholds[0]),
            renewals__isnull=True,
        )
        .prefetch_related("reminders")
        .order_by("expires", "id")
    )
    queued = 0
    for assertion in due.iterator(chunk_size=500):
        left = assertion.expires - now
        passed = [days for days in thresholds if left <= timedelta(days=days)]
        nearest = passed[-1]
        recorded = {reminder.days for reminder in assertion.reminders.all()}
        if nearest in recorded:
            continue
        try:
            with transaction.atomic():
                ExpiryReminder.objects.bulk_create(
                    [
                        ExpiryReminder(assertion=assertion, days=days, sent=days == nearest)
                        for days in passed
                        if days not in recorded
                    ]
                )
                emit("assertion.expiring", assertion_id=assertion.pk, days=nearest)
        except IntegrityError:  # another run recorded it first: that one sends it
            continue
        queued += 1
    return queued
