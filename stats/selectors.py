"""Reads of the award roll-up: live and accepted awards, revoked ones, what expires soon.

Whole days come from the roll-up: its month rows for totals (the fewest rows), its week rows
for figures by week. Whether an award is expired is a matter of the time of
day only on the day it expires, so the awards expiring today (and on a window's last day) are
counted from the awards themselves: an indexed range of one day's expiries, never a scan.
"""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from badges.models import Assertion, BadgeClass, Issuer

from .models import AwardRollup, Period
from .services import accepted_award, local_day, period_start

LIVE = F("awarded") - F("revoked")


def _rows(period: str = Period.MONTH) -> QuerySet[AwardRollup]:
    """The roll-up's rows of one period kind: each award is in exactly one of them."""
    return AwardRollup.objects.filter(period=period)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def _today(now: datetime) -> date:
    return timezone.localtime(now, timezone.get_default_timezone()).date()


def _scoped(queryset: QuerySet, issuer: Issuer | None, badge_class: BadgeClass | None):
    if issuer is not None:
        queryset = queryset.filter(issuer=issuer)
    if badge_class is not None:
        queryset = queryset.filter(badge_class=badge_class)
    return queryset


def _unrevoked_of(issuer: Issuer | None) -> QuerySet[Assertion]:
    """Awards not revoked of one issuer or all, filtered by badge class so that a range of
    expiries added by the caller reads the awards' (badge_class, revoked, expires) index."""
    badge_classes = BadgeClass.objects.all() if issuer is None else issuer.badge_classes.all()
    return Assertion.objects.filter(badge_class__in=badge_classes, revoked=False)


def live_counts(
    *, issuer: Issuer | None = None, badge_class: BadgeClass | None = None, period: str = ""
) -> dict[tuple, list[int]]:
    """(badge class id,) -> [live awards, of them accepted into a backpack]; with `period`
    ("week" or "month") the key is (badge class id, first day of the week or month issued).
    Live: neither revoked nor expired. The rows read grow with badge classes, periods and
    expiry days to come, not with awards."""
    now = timezone.now()
    today = _today(now)
    counts: dict[tuple, list[int]] = {}

    def add(key: tuple, live: int, accepted: int) -> None:
        figures = counts.setdefault(key, [0, 0])
        figures[0] += live
        figures[1] += accepted

    rolled = _scoped(
        _rows(period or Period.MONTH).filter(expires_on__gt=today), issuer, badge_class
    )
    fields = ("badge_class_id", "starts_on") if period else ("badge_class_id",)
    for row in rolled.order_by().values(*fields).annotate(live=Sum(LIVE), accepted=Sum("accepted")):
        add(tuple(row[name] for name in fields), row["live"], row["accepted"])
    expiring_today = _unrevoked_of(issuer).filter(
        expires__gt=now, expires__lt=_day_start(today + timedelta(days=1))
    )
    if badge_class is not None:
        expiring_today = expiring_today.filter(badge_class=badge_class)
    for row in (
        expiring_today.order_by()
        .values("badge_class_id", **({"day": local_day("issued_on")} if period else {}))
        .annotate(live=Count("pk"), accepted=Count("pk", filter=Q(accepted_award())))
    ):
        key = (row["badge_class_id"],) + ((period_start(row["day"], period),) if period else ())
        add(key, row["live"], row["accepted"])
    return {key: figures for key, figures in counts.items() if figures[0]}


def revoked_count(*, issuer: Issuer | None = None) -> int:
    return _scoped(_rows(), issuer, None).aggregate(n=Sum("revoked"))["n"] or 0


def earned_count(*, badge_class: BadgeClass) -> int:
    """Awards of the badge not revoked, expired ones included."""
    rows = _rows().filter(badge_class=badge_class)
    return rows.aggregate(n=Sum(LIVE))["n"] or 0


def _per_badge(rows: QuerySet, figure) -> Coalesce:
    total = rows.filter(badge_class=OuterRef("pk")).order_by().values("badge_class")
    return Coalesce(Subquery(total.annotate(n=figure).values("n")), 0, output_field=IntegerField())


def with_award_counts(badge_classes: QuerySet[BadgeClass]) -> QuerySet[BadgeClass]:
    """Badge classes annotated with `awarded_count` (not revoked, expired ones too),
    `revoked_count` and `pending_count` (live and not accepted into a backpack yet)."""
    now = timezone.now()
    today = _today(now)
    pending_today = Assertion.objects.filter(
        revoked=False, expires__gt=now, expires__lt=_day_start(today + timedelta(days=1))
    ).exclude(accepted_award())  # per badge class (OuterRef): the expiry index applies
    return badge_classes.annotate(
        awarded_count=_per_badge(_rows(), Sum(LIVE)),
        revoked_count=_per_badge(_rows(), Sum("revoked")),
        pending_count=_per_badge(_rows().filter(expires_on__gt=today), Sum(LIVE - F("accepted")))
        + _per_badge(pending_today, Count("pk")),
    )


def expiring_counts(*, issuer: Issuer, windows: Sequence[int]) -> dict[int, list[int]]:
    """Badge class id -> for each window of days, its live awards, not renewed yet, that expire
    within that many days from now; only badge classes with some."""
    now = timezone.now()
    today = _today(now)
    tomorrow = _day_start(today + timedelta(days=1))
    ends = [now + timedelta(days=days) for days in windows]
    last_days = [_today(end) for end in ends]
    counts: dict[int, list[int]] = {}

    def add(badge_id: int, index: int, n: int) -> None:
        counts.setdefault(badge_id, [0] * len(windows))[index] += n

    # Whole days between today and each window's last day, from the roll-up.
    rolled = _rows().filter(issuer=issuer, expires_on__gt=today, expires_on__lt=max(last_days))
    for row in rolled.values("badge_class_id", "expires_on").annotate(n=Sum(LIVE - F("renewed"))):
        for index, last_day in enumerate(last_days):
            if row["expires_on"] < last_day:
                add(row["badge_class_id"], index, row["n"])
    # The rest of today (in every window) and each window's last day up to its end (in that
    # window), from the awards: one short range of the expiry index each.
    edges = [(Q(expires__gt=now, expires__lt=tomorrow), range(len(windows)))] + [
        (Q(expires__gte=max(_day_start(day), tomorrow), expires__lte=end), [index])
        for index, (day, end) in enumerate(zip(last_days, ends, strict=True))
    ]
    awards = _unrevoked_of(issuer).filter(renewals__isnull=True).order_by()
    for edge, indexes in edges:
        for row in awards.filter(edge).values("badge_class_id").annotate(n=Count("pk")):
            for index in indexes:
                add(row["badge_class_id"], index, row["n"])
    return {pk: figures for pk, figures in counts.items() if any(figures)}
