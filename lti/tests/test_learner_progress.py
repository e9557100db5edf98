"""What a learner sees of their own standing on a badge's page (from the rule runs), and the
picker's way to a new badge for the issuer's staff."""

import pytest
import requests
from django.utils.formats import date_format
from django.utils.timezone import localtime

from lti.models import AwardRule, Course, Platform
from lti.services.rules import rule_create, rule_run

from .mock_platform import INSTRUCTOR, LEARNER, follow_launch
from .test_launch_and_rules import post_score

pytestmark = pytest.mark.django_db(transaction=True)
NOT_READ = "Your progress has not been read from the course yet."


def learner_page(lms, badge) -> tuple[requests.Session, str]:
    """A learner (learner-1) opens the badge's link in the course; the session and its page."""
    session = requests.Session()
    page = follow_launch(
        session,
        lms.login_url(
            user_id="learner-1",
            email="ana@uni.example",
            role=LEARNER,
            custom={"laurel_badge": badge.entity_id},
        ),
    )
    assert page.status_code == 200, page.text[:800]
    return session, page.url


def test_learner_sees_their_score_against_the_threshold(lms, registered, badge):
    grade = lms.add_lineitem("Course grade")
    lms.add_member("learner-1", "ana@uni.example")
    session, url = learner_page(lms, badge)
    rule = rule_create(
        course=Course.objects.get(),
        user=None,
        badge_class=badge,
        kind="score",
        threshold=80,
        lineitems=[grade],
    )
    before = session.get(url).text
    assert NOT_READ in before

    post_score(lms, grade, "learner-1", 72)
    rule_run(rule=rule)
    after = session.get(url).text
    assert "Your score on “Course grade”: <strong>72%</strong> of the 80% needed." in after
    assert "Last read from the course:" in after and NOT_READ not in after
    assert "You have earned this badge" not in after

    post_score(lms, grade, "learner-1", 85)
    rule_run(rule=rule)
    earned = session.get(url).text
    assert "<strong>85%</strong> of the 80% needed" in earned
    assert "You have earned this badge" in earned


def test_a_run_that_cannot_reach_the_lms_leaves_the_last_reading(lms, registered, badge):
    grade = lms.add_lineitem("Course grade")
    post_score(lms, grade, "learner-1", 72)
    session, url = learner_page(lms, badge)
    rule = rule_create(
        course=Course.objects.get(),
        user=None,
        badge_class=badge,
        kind="score",
        threshold=80,
        lineitems=[grade],
    )
    rule_run(rule=rule)
    read = AwardRule.objects.get().read
    Platform.objects.update(token_url="http://127.0.0.1:9/token")  # the LMS is down
    rule.refresh_from_db()
    assert "could not reach http://127.0.0.1:9/token" in rule_run(rule=rule).errors[0]
    page = session.get(url).text
    assert "<strong>72%</strong> of the 80% needed" in page
    assert AwardRule.objects.get().read == read
    assert f"Last read from the course: {date_format(localtime(read), 'DATETIME_FORMAT')}" in page


def test_learner_sees_which_line_items_are_done_and_which_are_left(lms, registered, badge):
    items = [lms.add_lineitem(label) for label in ("Quiz A", "Quiz B", "Quiz C")]
    lms.add_member("learner-1", "ana@uni.example")
    post_score(lms, items[0], "learner-1", 40)
    post_score(lms, items[2], "learner-1", 90)
    session, url = learner_page(lms, badge)
    rule = rule_create(
        course=Course.objects.get(),
        user=None,
        badge_class=badge,
        kind="complete",
        lineitems=items,
    )
    assert rule_run(rule=rule).awarded == 0
    page = session.get(url).text
    assert "<strong>2 of 3</strong> line items done." in page
    assert '<span class="status done">Done</span> Quiz A, Quiz C' in page
    assert '<span class="status">Left</span> Quiz B' in page


def test_learner_on_the_roster_is_told_they_qualify(lms, registered, badge):
    lms.add_member("learner-1", "ana@uni.example")
    session, url = learner_page(lms, badge)
    rule = rule_create(course=Course.objects.get(), user=None, badge_class=badge, kind="roster")
    assert NOT_READ in session.get(url).text
    rule_run(rule=rule)
    page = session.get(url).text
    assert "You are on the course roster, so you qualify." in page
    assert "You have earned this badge" in page


def picker(lms, email: str) -> requests.Response:
    session = requests.Session()
    page = follow_launch(
        session,
        lms.login_url(user_id=email, email=email, role=INSTRUCTOR, deep_link=True),
    )
    assert "/lti/pick/" in page.url, page.text[:800]
    return page


def test_the_picker_links_issuer_staff_to_the_badge_creation_page(lms, registered, issuer):
    staff = issuer.staff.get().user
    page = picker(lms, staff.email)
    new_badge = f'href="/issue/{issuer.entity_id}/badges/new/" target="_blank"'
    assert new_badge in page.text
    assert f'href="{page.url.removeprefix(lms.tool_base)}">reload the list</a>' in page.text

    other = picker(lms, "someone@uni.example")
    assert "/badges/new/" not in other.text
    assert f"Only the owners and editors of {issuer.name} in Laurel create its badges" in (
        other.text
    )
