"""The learner's dashboard: what needs doing first, then pathways and the newest badges."""

import pytest

from accounts.services import user_create
from backpack.models import Acceptance
from backpack.services import backpack_acceptance_set
from badges.selectors import badge_criteria
from badges.services.applications import application_create, application_submit, review_submit
from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return user_create(email="ada@example.org", password="a-long-passphrase-3", verified=True)


@pytest.fixture
def issuer():
    owner = user_create(email="owner@example.org", password="a-long-passphrase-4", verified=True)
    return make_issuer(owner=owner, name="Harbour College"), owner


def applied(badge, learner, *, submit=True):
    application = application_create(
        badge_class=badge,
        user=learner,
        reflections=[{"criterion": c, "text": "I did it."} for c in badge_criteria(badge)],
    )
    if submit:
        application_submit(application=application, user=learner)
    return application


def test_the_dashboard_shows_awards_to_accept_applications_to_finish_or_waiting_and_recent_badges(
    client, learner, issuer
):
    issuer, owner = issuer
    kept = make_badge(issuer, name="Knots")
    assertion_award(badge_class=kept, user=owner, recipient_identity=learner.email)
    backpack_acceptance_set(
        user=learner,
        assertion=kept.assertions.get(),
        acceptance=Acceptance.ACCEPTED,
    )
    new = make_badge(issuer, name="Sea Survival")
    assertion_award(badge_class=new, user=owner, recipient_identity=learner.email)
    open_badges = {
        name: make_badge(issuer, name=name, accepts_applications=True)
        for name in ("Navigation", "Rowing", "Sailing")
    }
    returned = applied(open_badges["Navigation"], learner)
    review_submit(
        application=returned,
        user=owner,
        decision="return",
        comment="Add a photo of your chart.",
        criteria=[
            {"criterion": c, "met": False, "comment": ""}
            for c in badge_criteria(open_badges["Navigation"])
        ],
    )
    draft = applied(open_badges["Rowing"], learner, submit=False)
    waiting = applied(open_badges["Sailing"], learner)
    client.force_login(learner)

    html = client.get("/dashboard/").content.decode()

    todo = html.split('id="todo-heading"')[1].split('id="followed-heading"')[0]
    assert "New award to accept" in todo and "Sea Survival" in todo
    assert 'value="accept"' in todo and "Knots" not in todo
    assert "Applications to finish" in todo
    assert f"/backpack/applications/{returned.entity_id}/" in todo
    assert "Read the feedback on Navigation" in todo
    assert f"/backpack/applications/{draft.entity_id}/edit/" in todo
    assert "Waiting for the issuer" in todo
    assert f"/backpack/applications/{waiting.entity_id}/" in todo
    recent = html.split('id="recent-heading"')[1]
    assert "Knots" in recent and "Sea Survival" not in recent
    assert "All your badges (1)" in recent


def test_a_new_learner_is_told_nothing_needs_doing_and_where_to_find_badges(client, learner):
    client.force_login(learner)
    html = client.get("/dashboard/").content.decode()
    assert "Nothing needs doing right now." in html
    assert "No badges yet." in html
    assert "You do not follow any pathway yet." in html
