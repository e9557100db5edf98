"""Reads of the award roll-up: live and accepted awards, revoked ones, what expires soon.

Whole days come from the roll-up: its month rows for totals (the fewest rows), its week rows
for figures by week. Whether an award is expired is a matter of the time of
day only on the day it expires, so the awards expiring today (and on a window's last day) are
counted from the awards themselves: an indexed range of one day's expiries, never a scan.
"""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, QuerySet, Sum
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
    *,
    issuer: Issuer | None = None,
    badge_class: BadgeClass | None = None,
    by: str = "badge",
    period: str = Period.MONTH,
) -> dict:
    """Live awards (neither revoked nor expired) and, of them, those accepted into a backpack:
    badge class id -> [live, accepted] (`by="badge"`), or first day of the week or month
    issued -> [live, accepted] (`by="period"`, with `period` "week" or "month"). The
    database sums the roll-up into those few keys; it reads rows that grow with badge
    classes, periods and expiry days to come, not with awards."""
    now = timezone.now()
    today = _today(now)
    counts: dict = {}

    def add(key, live: int, accepted: int) -> None:
        figures = counts.setdefault(key, [0, 0])
        figures[0] += live
        figures[1] += accepted

    rolled = _scoped(
        _rows(period if by == "period" else Period.MONTH).filter(expires_on__gt=today),
        issuer,
        badge_class,
    )
    field = "starts_on" if by == "period" else "badge_class_id"
    for row in rolled.order_by().values(field).annotate(live=Sum(LIVE), accepted=Sum("accepted")):
        add(row[field], row["live"], row["accepted"])
    expiring_today = _unrevoked_of(issuer).filter(
        expires__gt=now, expires__lt=_day_start(today + timedelta(days=1))
    )
    if badge_class is not None:
        expiring_today = expiring_today.filter(badge_class=badge_class)
    group = {"day": local_day("issued_on")} if by == "period" else {"key": F("badge_class_id")}
    for row in (
        expiring_today.order_by()
        .values(**group)
        .annotate(live=Count("pk"), accepted=Count("pk", filter=Q(accepted_award())))
    ):
        key = period_start(row["day"], period) if by == "period" else row["key"]
        add(key, row["live"], row["accepted"])
    return {key: figures for key, figures in counts.items() if figures[0]}


def revoked_count(*, issuer: Issuer | None = None) -> int:
    return _scoped(_rows(Period.ALL), issuer, None).aggregate(n=Sum("revoked"))["n"] or 0


def earned_count(*, badge_class: BadgeClass) -> int:
    """Awards of the badge not revoked, expired ones included."""
    return earned_counts(badge_ids=[badge_class.pk]).get(badge_class.pk, 0)


def earned_counts(*, badge_ids: Sequence[int]) -> dict[int, int]:
    """Badge class id -> its awards not revoked (expired ones included), for those with some:
    their "all time" rows, one each."""
    rows = _rows(Period.ALL).filter(badge_class_id__in=badge_ids).order_by()
    counts = rows.values("badge_class_id").annotate(n=Sum(LIVE))
    return {row["badge_class_id"]: row["n"] for row in counts if row["n"]}


def badge_counts(*, issuer: Issuer) -> dict[int, dict[str, int]]:
    """Badge class id -> `awarded` (not revoked, expired ones too), `revoked` and `pending`
    (live and not accepted into a backpack yet), for the issuer's badge classes with awards:
    from its badge classes' "all time" rows and live month rows, in one pass, and the awards
    expiring today by their expiry index."""
    now = timezone.now()
    today = _today(now)
    totals = Q(period=Period.ALL)
    live = Q(period=Period.MONTH, expires_on__gt=today)
    counts: dict[int, dict[str, int]] = {}
    rows = AwardRollup.objects.filter(totals | live, issuer=issuer)
    for row in (
        rows.order_by()
        .values("badge_class_id")
        .annotate(
            # prefixed: `awarded` and `revoked` are fields of the rows
            n_awarded=Coalesce(Sum(LIVE, filter=totals), 0),
            n_revoked=Coalesce(Sum("revoked", filter=totals), 0),
            n_pending=Coalesce(Sum(LIVE - F("accepted"), filter=live), 0),
        )
    ):
        counts[row["badge_class_id"]] = {
            name: row[f"n_{name}"] for name in ("awarded", "revoked", "pending")
        }
    pending_today = (
        _unrevoked_of(issuer)
        .filter(expires__gt=now, expires__lt=_day_start(today + timedelta(days=1)))
        .exclude(accepted_award())
    )
    for row in pending_today.order_by().values("badge_class_id").annotate(n=Count("pk")):
        empty = {"awarded": 0, "revoked": 0, "pending": 0}
        counts.setdefault(row["badge_class_id"], empty)["pending"] += row["n"]
    return counts


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
