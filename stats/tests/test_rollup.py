"""The roll-up equals a direct count of the awards after any mix of writes, as the clock moves."""

import io
import random
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from accounts.tests.factories import UserFactory
from backpack.models import Acceptance, BackpackEntry
from backpack.selectors import received_assertions
from backpack.services import backpack_acceptance_set
from badges.models import Assertion
from badges.services.awards import (
    assertion_award,
    assertion_award_batch,
    assertion_revoke_batch,
    assertion_update,
)
from badges.services.renewals import assertion_renew
from badges.tests.factories import make_badge, make_issuer
from discovery.selectors import badge_earned_count
from stats.models import AwardRollup
from stats.services import counts_of
from workspace import selectors
from workspace.selectors import EXPIRING_WINDOWS


class Clock:
    """timezone.now() under the test's control (no time-travel library is a dependency)."""

    def __init__(self, monkeypatch):
        self.now = timezone.now().replace(hour=11, minute=17, second=0, microsecond=0)
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def move(self, delta: timedelta) -> None:
        self.now += delta


def rollup_rows() -> dict:
    return {
        (r.issuer_id, r.badge_class_id, r.period, r.starts_on, r.expires_on): [
            r.awarded,
            r.revoked,
            r.accepted,
            r.renewed,
        ]
        for r in AwardRollup.objects.all()
    }


# Direct counts, as the pages counted before the roll-up ------------------------------------


def _live(awards):
    now = timezone.now()
    return awards.filter(revoked=False).filter(Q(expires__isnull=True) | Q(expires__gt=now))


def _accepted():
    return Exists(
        BackpackEntry.objects.filter(assertion=OuterRef("pk"), acceptance=Acceptance.ACCEPTED)
    )


def direct_dashboard(issuer, period):
    awards = Assertion.objects.all() if issuer is None else Assertion.objects.filter(issuer=issuer)
    live = _live(awards)
    trunc = TruncWeek if period == "week" else TruncMonth
    over_time = [
        (row["bucket"].date(), row["n"])
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
    return selectors.Dashboard(
        period=period,
        over_time=over_time,
        by_badge=by_badge,
        total=live.count(),
        accepted=live.filter(_accepted()).count(),
        revoked=awards.filter(revoked=True).count(),
    )


def direct_badge_rows(issuer):
    return [
        (
            badge.pk,
            badge.assertions.filter(revoked=False).count(),
            _live(badge.assertions.all()).exclude(_accepted()).count(),
            badge.assertions.filter(revoked=True).count(),
        )
        for badge in issuer.badge_classes.order_by("archived", "name", "pk")
    ]


def direct_expiring(issuer):
    now = timezone.now()
    counts = {}
    for badge in issuer.badge_classes.all():
        awards = badge.assertions.filter(revoked=False, renewals__isnull=True, expires__gt=now)
        figures = [
            awards.filter(expires__lte=now + timedelta(days=days)).count()
            for days in EXPIRING_WINDOWS
        ]
        if any(figures):
            counts[badge.pk] = list(zip(EXPIRING_WINDOWS, figures, strict=True))
    return counts


def assert_figures_equal_direct_counts(issuers):
    for issuer in [*issuers, None]:
        for period in ("month", "week"):
            assert selectors.dashboard(issuer=issuer, period=period) == direct_dashboard(
                issuer, period
            )
    for issuer in issuers:
        rows = [
            (b.pk, b.awarded_count, b.pending_count, b.revoked_count)
            for b in selectors.badge_class_rows(issuer=issuer)
        ]
        assert rows == direct_badge_rows(issuer)
        expiring = {badge.pk: figures for badge, figures in selectors.expiring_soon(issuer=issuer)}
        assert expiring == direct_expiring(issuer)
        for badge in issuer.badge_classes.all():
            direct = badge.assertions.filter(revoked=False).count()
            assert badge_earned_count(badge=badge) == direct
    # The roll-up holds what a rebuild from the awards would.
    assert rollup_rows() == counts_of(Assertion.objects.all())


ACTIONS = (
    "award award batch revoke accept accept reject renew expiry clock clock delete edit create"
)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_figure_equals_a_direct_count_after_a_random_mix_of_writes(monkeypatch, seed):
    rnd = random.Random(seed)
    clock = Clock(monkeypatch)
    owner = UserFactory()
    issuers = [make_issuer(owner=owner, name="Harbour"), make_issuer(owner=owner, name="Dune")]
    badges = [
        make_badge(issuers[0], name="Knots", user=owner),
        make_badge(issuers[0], name="Tides", user=owner, expires_amount=40, expires_unit="days"),
        make_badge(issuers[1], name="Sand", user=owner, expires_amount=2, expires_unit="days"),
    ]
    learners = [UserFactory() for _ in range(4)]
    emails = [learner.email for learner in learners] + ["nobody@example.org"]

    def award_rows(n):
        rows = []
        for _ in range(n):
            row = {"recipient_identity": rnd.choice(emails)}
            row["issued_on"] = clock.now - timedelta(hours=rnd.randint(0, 24 * 100))
            if rnd.random() < 0.3:  # an expiry of its own, at any time of day
                row["expires"] = row["issued_on"] + timedelta(minutes=rnd.randint(1, 60 * 24 * 95))
            elif rnd.random() < 0.3:  # hours from now or from a window's end: the edge days
                days = rnd.choice([0, *EXPIRING_WINDOWS])
                row["expires"] = clock.now + timedelta(days=days, minutes=rnd.randint(-900, 900))
                row["issued_on"] = min(row["issued_on"], row["expires"] - timedelta(minutes=1))
            rows.append(row)
        return rows

    def some_awards(n=1, **filters):
        ids = sorted(Assertion.objects.filter(**filters).values_list("pk", flat=True))
        return list(Assertion.objects.filter(pk__in=rnd.sample(ids, min(n, len(ids)))))

    def some_award(**filters):
        return next(iter(some_awards(**filters)), None)

    for step in range(70):
        action = rnd.choice(ACTIONS.split())
        if action == "award":
            assertion_award(
                badge_class=rnd.choice(badges), user=owner, notify=False, **award_rows(1)[0]
            )
        elif action == "batch":
            assertion_award_batch(
                badge_class=rnd.choice(badges), user=owner, rows=award_rows(5), notify=False
            )
        elif action == "revoke" and (chosen := some_awards(2)):
            assertion_revoke_batch(assertions=chosen, user=owner, reason="Mistake")
        elif action in ("accept", "reject"):
            learner = rnd.choice(learners)
            award = some_award(pk__in=received_assertions(user=learner).values("pk"))
            if award is not None:
                acceptance = Acceptance.ACCEPTED if action == "accept" else Acceptance.REJECTED
                backpack_acceptance_set(user=learner, assertion=award, acceptance=acceptance)
        elif action == "renew":
            award = some_award(
                revoked=False, renewals__isnull=True, badge_class__expires_amount__isnull=False
            )
            if award is not None:
                assertion_renew(assertion=award, user=owner, notify=False)
        elif action == "expiry" and (award := some_award()) is not None and not award.revoked:
            new = award.issued_on + timedelta(minutes=rnd.randint(1, 60 * 24 * 60))
            assertion_update(assertion=award, user=owner, expires=new)
        elif action == "clock":
            clock.move(timedelta(hours=rnd.choice([1, 5, 13, 24, 24 * 9])))
        elif action == "edit" and (award := some_award()) is not None:
            # An operator's edit in the admin, past the services: any field, revoked or not.
            award.revoked = not award.revoked
            award.issued_on -= timedelta(hours=rnd.randint(0, 24 * 40))
            award.renews = some_award(badge_class=award.badge_class, renewals__isnull=True)
            if award.renews == award or Assertion.objects.filter(renews=award.renews).exists():
                award.renews = None
            award.save()
        elif action == "create":  # one award saved by hand (a fixture, a shell), not in bulk
            badge = rnd.choice(badges)
            Assertion.objects.create(
                badge_class=badge,
                issuer=badge.issuer,
                recipient_type="email",
                **award_rows(1)[0],
            )
        elif action == "delete" and (award := some_award()) is not None:
            award.delete()  # as the admin or a badge class's deletion does
        if step % 5 == 4:
            assert_figures_equal_direct_counts(issuers)
    # A learner's account goes, and their acceptances with it.
    learners[0].delete()
    assert_figures_equal_direct_counts(issuers)
    assert AwardRollup.objects.exists()


@pytest.mark.django_db
def test_rebuilding_gives_the_same_rows_and_can_run_again(monkeypatch):
    Clock(monkeypatch)
    owner = UserFactory()
    badge = make_badge(make_issuer(owner=owner), user=owner, expires_amount=1, expires_unit="days")
    learner = UserFactory()
    awards = assertion_award_batch(
        badge_class=badge,
        user=owner,
        rows=[{"recipient_identity": learner.email}, {"recipient_identity": "b@example.org"}],
        notify=False,
    )
    backpack_acceptance_set(user=learner, assertion=awards[0], acceptance=Acceptance.ACCEPTED)
    assertion_revoke_batch(assertions=[awards[1]], user=owner, reason="Mistake")
    kept = rollup_rows()
    assert (
        kept
        and sum(figures[0] for (*_, period, _, _), figures in kept.items() if period == "month")
        == 2
    )

    AwardRollup.objects.update(awarded=99)  # drifted, say by a hand-made change
    out = io.StringIO()
    call_command("rebuild_rollups", stdout=out)
    assert rollup_rows() == kept
    call_command("rebuild_rollups", stdout=out)
    assert rollup_rows() == kept
    assert "Rebuilt the award roll-up: 3 row(s)." in out.getvalue()


@pytest.mark.django_db
def test_migrate_fills_an_empty_roll_up_of_an_install_that_had_awards(monkeypatch):
    from stats.services import rollup_rebuild_if_empty

    owner = UserFactory()
    badge = make_badge(make_issuer(owner=owner), user=owner)
    assertion_award(badge_class=badge, user=owner, recipient_identity="a@example.org")
    kept = rollup_rows()
    AwardRollup.objects.all().delete()
    assert rollup_rebuild_if_empty() is True
    assert rollup_rows() == kept
    assert rollup_rebuild_if_empty() is False
