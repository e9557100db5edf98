"""Writes of the award roll-up: add what awards count for, take it away, rebuild it all.

Each award counts in three rows, one per period kind (badge class, week or month issued, day it
expires; and its badge class's "all time" row), for `awarded`, and for `revoked`, `accepted`
and `renewed` when it is so. A write that changes awards takes their counts away before it and
adds them back after it, in its own transaction, so the roll-up always equals a direct count
of the awards.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from backpack.models import Acceptance, BackpackEntry
from badges.models import Assertion

from .models import BEGINNING, NEVER, AwardRollup, Period

FIGURES = ("awarded", "revoked", "accepted", "renewed")
Key = tuple  # (issuer_id, badge_class_id, period, starts_on, expires_on)
Counts = dict[Key, list[int]]


def period_start(day: date, period: str) -> date:
    """The first day of the week (Monday) or month a day falls in (BEGINNING for all time)."""
    if period == Period.ALL:
        return BEGINNING
    return day - timedelta(days=day.weekday()) if period == Period.WEEK else day.replace(day=1)


def accepted_award():
    """True for an award someone accepted into their backpack."""
    return Exists(
        BackpackEntry.objects.filter(assertion=OuterRef("pk"), acceptance=Acceptance.ACCEPTED)
    )


def local_day(field: str) -> TruncDate:
    """The day of a date-time field in the site's time zone, as the roll-up keys it."""
    return TruncDate(field, tzinfo=timezone.get_default_timezone())


def counts_of(assertions: QuerySet[Assertion]) -> Counts:
    """What these awards count for, per roll-up row, read from the awards themselves: the
    database counts them by day issued, each day's figures go to its week and its month."""
    live = Q(revoked=False)
    rows = (
        assertions.order_by()
        .values(
            "issuer_id",
            "badge_class_id",
            rollup_day=local_day("issued_on"),
            rollup_expires=Coalesce(local_day("expires"), Value(NEVER)),
        )
        .annotate(  # prefixed: `revoked` is also a field of the awards
            n_awarded=Count("pk"),
            n_revoked=Count("pk", filter=Q(revoked=True)),
            n_accepted=Count("pk", filter=live & Q(accepted_award())),
            n_renewed=Count(
                "pk", filter=live & Q(Exists(Assertion.objects.filter(renews=OuterRef("pk"))))
            ),
        )
    )
    counts: Counts = {}
    for r in rows:
        figures = [r[f"n_{name}"] for name in FIGURES]
        for period in Period.values:
            start = period_start(r["rollup_day"], period)
            expires = NEVER if period == Period.ALL else r["rollup_expires"]
            key = (r["issuer_id"], r["badge_class_id"], period, start, expires)
            total = counts.get(key)
            counts[key] = (
                figures if total is None else [a + b for a, b in zip(total, figures, strict=True)]
            )
    return counts


def counts_of_ids(ids: Iterable[int]) -> Counts:
    counts: Counts = {}
    ids = sorted({pk for pk in ids if pk is not None})
    for start in range(0, len(ids), 1000):  # under SQLite's limit of query parameters
        chunk = Assertion.objects.filter(pk__in=ids[start : start + 1000])
        for key, figures in counts_of(chunk).items():
            total = counts.get(key, [0] * len(FIGURES))
            counts[key] = [a + b for a, b in zip(total, figures, strict=True)]
    return counts


def rollup_add(counts: Counts, *, sign: int = 1) -> None:
    """Add (sign 1) or take away (sign -1) counts, in one statement that is safe when two
    transactions add to the same new row at once (INSERT ... ON CONFLICT DO UPDATE)."""
    rows = [(key, figures) for key, figures in counts.items() if any(figures)]
    if not rows:
        return
    table = connection.ops.quote_name(AwardRollup._meta.db_table)
    names = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in FIGURES)
    sql = (
        f"INSERT INTO {table} (issuer_id, badge_class_id, period, starts_on, expires_on, "
        f"{', '.join(FIGURES)}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
        f"ON CONFLICT (badge_class_id, period, starts_on, expires_on) DO UPDATE SET {names}"
    )
    adapt = connection.ops.adapt_datefield_value
    params = [
        (issuer, badge, period, adapt(start), adapt(expires), *[sign * n for n in figures])
        for (issuer, badge, period, start, expires), figures in sorted(rows)
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    if sign < 0:  # a row with no award left is dropped, as a rebuild would not make it
        emptied = Q()
        for (_, badge, period, start, expires), _ in rows:
            emptied |= Q(badge_class_id=badge, period=period, starts_on=start, expires_on=expires)
        AwardRollup.objects.filter(emptied, awarded__lte=0).delete()


@transaction.atomic
def rollup_rebuild() -> int:
    """Count every award afresh and replace the roll-up with the result; returns its rows."""
    counts = counts_of(Assertion.objects.all())
    AwardRollup.objects.all().delete()
    AwardRollup.objects.bulk_create(
        [
            AwardRollup(
                issuer_id=issuer,
                badge_class_id=badge,
                period=period,
                starts_on=start,
                expires_on=expires,
                **dict(zip(FIGURES, figures, strict=True)),
            )
            for (issuer, badge, period, start, expires), figures in counts.items()
        ],
        batch_size=1000,
    )
    return len(counts)


def rollup_rebuild_if_empty() -> bool:
    """Rebuild when there are awards and no roll-up (an install from before it): True if so."""
    if AwardRollup.objects.exists() or not Assertion.objects.exists():
        return False
    rollup_rebuild()
    return True
