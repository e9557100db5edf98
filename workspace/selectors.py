"""Reads of the issuer workspace: a user's issuers, badge classes with counts, awards,
and the dashboard's figures. Writes go through badges.services."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy, ngettext

from badges.models import (
    Assertion,
    BadgeClass,
    BadgeClassTranslation,
    Issuer,
    IssuerInvitation,
    IssuerStaff,
    Role,
)
from badges.permissions import user_role
from badges.selectors import translation_languages
from stats.selectors import badge_counts, expiring_counts, live_counts, revoked_count
from web.i18n import language_name


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


def badge_class_rows(*, issuer: Issuer) -> list[BadgeClass]:
    """Every badge class of the issuer with its award counts from the roll-up, as
    `awarded_count` (awards not revoked), `revoked_count` and `pending_count` (live ones not
    accepted into a backpack yet)."""
    counts = badge_counts(issuer=issuer)
    rows = list(BadgeClass.objects.filter(issuer=issuer).order_by("archived", "name", "pk"))
    for badge in rows:
        figures = counts.get(badge.pk, {})
        badge.awarded_count = figures.get("awarded", 0)
        badge.revoked_count = figures.get("revoked", 0)
        badge.pending_count = figures.get("pending", 0)
    return rows


def workspace_badge(*, issuer: Issuer, entity_id: str) -> BadgeClass | None:
    return BadgeClass.objects.filter(issuer=issuer, entity_id=entity_id).first()


@dataclass(frozen=True)
class TranslationRow:
    """One of the site's languages a badge class may be translated into, and its version."""

    language: str
    language_name: str  # in the reader's language
    translation: BadgeClassTranslation | None
    outdated: bool  # the badge changed after the translation was last saved


def badge_translation_rows(*, badge_class: BadgeClass) -> list[TranslationRow]:
    found = {t.language: t for t in badge_class.translations.all()}
    return [
        TranslationRow(
            language=code,
            language_name=language_name(code),
            translation=found.get(code),
            outdated=code in found and found[code].updated_at < badge_class.updated_at,
        )
        for code, _name in translation_languages(badge_class)
    ]


def known_tags(*, limit: int = 200) -> list[str]:
    """Tags already used on badge classes, most used first, for suggestions."""
    counts: dict[str, int] = {}
    for tags in BadgeClass.objects.exclude(tags=[]).values_list("tags", flat=True)[:5000]:
        for tag in tags or []:
            counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts, key=lambda tag: (-counts[tag], tag))[:limit]


EXPIRING_WINDOWS = (30, 60, 90)


def _expiring_label(days: int) -> str:
    return ngettext("Expiring in %(days)d day", "Expiring in %(days)d days", days) % {"days": days}


AWARD_FILTERS = {
    "": gettext_lazy("Live"),
    **{f"expiring{days}": lazy(_expiring_label, str)(days) for days in EXPIRING_WINDOWS},
    "revoked": gettext_lazy("Revoked"),
    "expired": gettext_lazy("Expired"),
    "all": gettext_lazy("All"),
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
    index (badge_class, issued_on, id). A recipient search finds addresses that start with
    the words typed: on PostgreSQL a range of the btree on UPPER(recipient_identity), which is
    what `istartswith` compares there (badges 0016); the planner walks the newest-first index
    instead when the start is so common that its first page is near."""
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
        awards = awards.filter(recipient_identity__istartswith=query.strip())
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
    counts = expiring_counts(issuer=issuer, windows=EXPIRING_WINDOWS)
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
    """The figures of one issuer's awards, or of every issuer's when `issuer` is None, read from
    the roll-up: live awards (neither revoked nor expired) per week or month issued and per
    badge class, how many were accepted into a backpack, and how many were revoked."""
    per_badge = live_counts(issuer=issuer, by="badge")
    over_time = live_counts(issuer=issuer, by="period", period=period)
    names = dict(BadgeClass.objects.filter(pk__in=list(per_badge)).values_list("pk", "name"))
    by_name: dict[str, int] = {}
    for badge_id, (live, _) in per_badge.items():
        by_name[names[badge_id]] = by_name.get(names[badge_id], 0) + live
    return Dashboard(
        period=period,
        over_time=sorted((start, live) for start, (live, _) in over_time.items()),
        by_badge=sorted(by_name.items(), key=lambda item: (-item[1], item[0])),
        total=sum(live for live, _ in per_badge.values()),
        accepted=sum(accepted for _, accepted in per_badge.values()),
        revoked=revoked_count(issuer=issuer),
    )
