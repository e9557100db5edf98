"""Helpers for tests of long lists: many awards written at once, and an index's shape."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from badges.models import Assertion, RecipientType


def bulk_awards(
    badge, count: int, *, prefix: str = "r", revoked: bool = False, per_minute: int = 1
) -> list[Assertion]:
    """Awards written straight to the table, for the length of a list only (no outbox,
    documents or counts follow): issued from a day ago on, `per_minute` sharing each minute
    (so ties on issued_on occur); returned oldest id first."""
    start = timezone.now() - timedelta(days=1)
    Assertion.objects.bulk_create(
        Assertion(
            badge_class=badge,
            issuer=badge.issuer,
            recipient_type=RecipientType.EMAIL,
            recipient_identity=f"{prefix}{n:04d}@example.org",
            issued_on=start + timedelta(minutes=n // per_minute),
            revoked=revoked,
            revocation_reason=f"Reason {n}" if revoked else "",
        )
        for n in range(count)
    )
    return list(
        Assertion.objects.filter(badge_class=badge, recipient_identity__startswith=prefix).order_by(
            "id"
        )
    )


def index_definition(name: str) -> str:
    """PostgreSQL's CREATE INDEX statement of the named index."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        (definition,) = cursor.fetchone()
    return definition
