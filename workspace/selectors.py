"""Reads of the issuer workspace: a user's issuers, badge classes with counts, awards,
and the dashboard's figures. Writes go through badges.services."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from backpack.models import Acceptance, BackpackEntry
from badges.models import Assertion, BadgeClass, Issuer, IssuerInvitation, IssuerStaff, Role
from badges.permissions import user_role


def issuer_memberships(*, user) -> QuerySet[IssuerStaff]:
    """The issuers the user is on the staff of, with their role, by issuer name."""
    return IssuerStaff.objects.filter(user=user).select_related("issuer").order_by("issuer__name")


def workspace_issuer(*, user, entity_id: str) -> tuple[Issuer, str] | None:
    """The issuer and the user's role there (operators see every issuer as owners do)."""
    issuer = Issuer.objects.filter(entity_id=entity_id).first()
    if issuer is None:
        return None
    role = user_role(user=user, issuer=issuer)
    if role is None and user.is_superuser:
        role = Role.OWNER
    return (issuer, role) if role is not None else None


def staff_list(*, issuer: Issuer) -> QuerySet[IssuerStaff]:
    return issuer.staff.select_related("user").order_by("user__email")


def invitation_list(*, issuer: Issuer) -> QuerySet[IssuerInvitation]:
    return issuer.invitations.all()


def invitations_waiting_for(*, user) -> QuerySet[IssuerInvitation]:
    """Invitations to any of the user's verified emails, for them to accept or decline."""
    emails = user.emailaddress_set.filter(verified=True).values("email")
    return (
        IssuerInvitation.objects.filter(email__in=emails)
        .select_related("issuer")
        .order_by("issuer__name")
    )


def invitation_by_token(*, token: str) -> IssuerInvitation | None:
    invitations = IssuerInvitation.objects.select_related("issuer", "invited_by")
    return invitations.filter(token=token).first()


def badge_class_rows(*, issuer: Issuer) -> QuerySet[BadgeClass]:
    """Every badge class of the issuer with its award counts: live awards, revoked ones, and
    awards still pending (not yet accepted into the recipient's backpack)."""
    accepted = BackpackEntry.objects.filter(
        assertion=OuterRef("pk"), acceptance=Acceptance.ACCEPTED
    )
    pending_ids = Assertion.objects.filter(revoked=False).exclude(Exists(accepted)).values("pk")
    return (
        BadgeClass.objects.filter(issuer=issuer)
        .annotate(
            awarded_count=Count("assertions", filter=Q(assertions__revoked=False)),
            revoked_count=Count("assertions", filter=Q(assertions__revoked=True)),
            pending_count=Count("assertions", filter=Q(assertions__pk__in=pending_ids)),
        )
        .order_by("archived", "name", "pk")
    )


def workspace_badge(*, issuer: Issuer, entity_id: str) -> BadgeClass | None:
    return BadgeClass.objects.filter(issuer=issuer, entity_id=entity_id).first()


def known_tags(*, limit: int = 200) -> list[str]:
    """Tags already used on badge classes, most used first, for suggestions."""
    counts: dict[str, int] = {}
    for tags in BadgeClass.objects.exclude(tags=[]).values_list("tags", flat=True)[:5000]:
        for tag in tags or []:
            counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts, key=lambda tag: (-counts[tag], tag))[:limit]


EXPIRING_WINDOWS = (30, 60, 90)
AWARD_FILTERS = {
    "": "Live",
    **{f"expiring{days}": f"Expiring in {days} days" for days in EXPIRING_WINDOWS},
    "revoked": "Revoked",
    "expired": "Expired",
    "all": "All",
}


def _expiring(awards: QuerySet[Assertion], days: int) -> QuerySet[Assertion]:
    """Live awards, not renewed yet, that expire within `days` days from now."""
    now = timezone.now()
    return awards.filter(
        revoked=False,
        expires__gt=now,
        expires__lte=now + timedelta(days=days),
        renewals__isnull=True,
    )


def award_list(*, badge_class: BadgeClass, query: str = "", show: str = "") -> QuerySet[Assertion]:
    """The badge's awards, newest first, for a page at a time (web.keyset): read along the
    index (badge_class, issued_on, id); a recipient search uses the trigram index on
    UPPER(recipient_identity) on PostgreSQL, which is what `icontains` compares there."""
    awards = (
        Assertion.objects.filter(badge_class=badge_class)
        .select_related("issuer", "renews")
        .prefetch_related("renewals")
    )
    now = timezone.now()
    if show.startswith("expiring") and show in AWARD_FILTERS:
        awards = _expiring(awards, int(show.removeprefix("expiring")))
    elif show == "revoked":
        awards = awards.filter(revoked=True)
    elif show == "expired":
        awards = awards.filter(revoked=False, expires__lte=now)
    elif show != "all":
        awards = awards.filter(revoked=False).filter(Q(expires__isnull=True) | Q(expires__gt=now))
    if query.strip():
        awards = awards.filter(recipient_identity__icontains=query.strip().lower())
    return awards.order_by("-issued_on", "-pk")


def awards_chosen(*, badge_class: BadgeClass, entity_ids: list[str]) -> QuerySet[Assertion]:
    """The awards of this badge class ticked on its list that are not revoked yet."""
    return award_list(badge_class=badge_class, show="all").filter(
        entity_id__in=entity_ids[:1000], revoked=False
    )


# Dashboard -------------------------------------------------------------------------------


def expiring_soon(*, issuer: Issuer) -> list[tuple[BadgeClass, list[tuple[int, int]]]]:
    """Per badge class with awards expiring within the widest window: (days, count) for each
    of EXPIRING_WINDOWS (30, 60, 90 days), the soonest-heavy first."""
    counts: dict[int, list[int]] = {}
    for index, days in enumerate(EXPIRING_WINDOWS):
        for row in (
            _expiring(Assertion.objects.filter(issuer=issuer), days)
            .values("badge_class")
            .annotate(n=Count("pk"))
        ):
            counts.setdefault(row["badge_class"], [0] * len(EXPIRING_WINDOWS))[index] = row["n"]
    badges = BadgeClass.objects.in_bulk(list(counts))
    return [
        (badges[pk], list(zip(EXPIRING_WINDOWS, figures, strict=True)))
        for pk, figures in sorted(
            counts.items(), key=lambda item: ([-n for n in item[1]], badges[item[0]].name)
        )
    ]


@dataclass(frozen=True)
class Dashboard:
    period: str  # "week" or "month"
    over_time: list[tuple[date, int]]
    by_badge: list[tuple[str, int]]  # (badge name, live awards), most first
    total: int
    accepted: int
    revoked: int

    @property
    def claim_rate(self) -> float:
        """Share of live awards their recipients accepted into a backpack."""
        return self.accepted / self.total if self.total else 0.0

    @property
    def top_badges(self) -> list[tuple[str, int]]:
        return self.by_badge[:5]


def dashboard(*, issuer: Issuer | None, period: str = "month") -> Dashboard:
    """The figures of one issuer's awards, or of every issuer's when `issuer` is None."""
    awards = Assertion.objects.all() if issuer is None else Assertion.objects.filter(issuer=issuer)
    live = awards.filter(revoked=False)
    trunc = TruncWeek if period == "week" else TruncMonth
    over_time = [
        (row["bucket"].date() if hasattr(row["bucket"], "date") else row["bucket"], row["n"])
        for row in live.annotate(bucket=trunc("issued_on"))
        .values("bucket")
        .annotate(n=Count("pk"))
        .order_by("bucket")
    ]
    by_badge = [
        (row["badge_class__name"], row["n"])
        for row in live.values("badge_class__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "badge_class__name")
    ]
    accepted = (
        BackpackEntry.objects.filter(acceptance=Acceptance.ACCEPTED, assertion__in=live)
        .values("assertion")
        .distinct()
        .count()
    )
    return Dashboard(
        period=period,
        over_time=over_time,
        by_badge=by_badge,
        total=live.count(),
        accepted=accepted,
        revoked=awards.filter(revoked=True).count(),
    )
