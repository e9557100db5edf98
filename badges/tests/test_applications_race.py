"""Reviewers deciding at the same moment on PostgreSQL: the row lock lets one decision through
at a time, so the badge is awarded exactly once and the others are told why they were late."""

import pytest

from accounts.tests.factories import UserFactory
from badges.models import Application, ApplicationState, Role
from badges.services.applications import review_submit
from badges.services.issuers import issuer_staff_add
from badges.tests.concurrency import race
from badges.tests.factories import make_application, make_applying_badge, make_issuer


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("approvals", [1, 2])
def test_concurrent_approvals_award_exactly_once(approvals):
    owner = UserFactory()
    issuer = make_issuer(owner, name="Harbour College")
    reviewers = [owner]
    for _ in range(3):
        reviewers.append(UserFactory())
        issuer_staff_add(issuer=issuer, user=owner, member=reviewers[-1], role=Role.STAFF)
    badge = make_applying_badge(issuer, approvals_required=approvals)
    application = make_application(badge)

    def approve(reviewer):
        review_submit(
            application=application,
            user=reviewer,
            decision="approve",
            criteria=[{"criterion": r["criterion"], "met": True} for r in application.reflections],
        )
        return "approved"

    approved, refused = race(approve, reviewers)
    outcomes = approved + refused
    application = Application.objects.get(pk=application.pk)
    assert application.state == ApplicationState.AWARDED
    assert badge.assertions.count() == 1
    assert outcomes.count("approved") == approvals
    late = [o for o in outcomes if o != "approved"]
    assert late and all("is awarded; it is not waiting for review" in o for o in late)
