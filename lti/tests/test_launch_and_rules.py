"""End to end against a mock LMS (lti1p3platform) over HTTP: launch, deep linking, rules."""

import re

import pytest
import requests

from badges.models import Assertion
from lti.models import AwardRule, LmsUser, RuleAward
from lti.protocol import SCOPE_RESULT_READ
from lti.tasks import run_rules

from .mock_platform import INSTRUCTOR, LEARNER, follow_launch

pytestmark = pytest.mark.django_db(transaction=True)
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"


def csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def post_score(lms, item: str, user_id: str, given: float):
    reply = requests.post(
        item + "/scores",
        json={
            "userId": user_id,
            "scoreGiven": given,
            "scoreMaximum": 100,
            "activityProgress": "Completed",
            "gradingProgress": "FullyGraded",
        },
        headers={
            "Authorization": "Bearer " + lms.service_token([SCORE_SCOPE, SCOPE_RESULT_READ]),
            "Content-Type": "application/vnd.ims.lis.v1.score+json",
        },
        timeout=5,
    )
    assert reply.status_code == 200, reply.text


def instructor_session(lms, registered):
    session = requests.Session()
    page = follow_launch(
        session, lms.login_url(user_id="teacher-1", email="teacher@uni.example", role=INSTRUCTOR)
    )
    assert page.status_code == 200, page.text[:800]
    assert "Badges awarded in Biology 101" in page.text
    return session, page


def test_instructor_deep_links_a_badge_and_a_learner_launch_shows_it(lms, registered, badge):
    session = requests.Session()
    picker = follow_launch(
        session,
        lms.login_url(
            user_id="teacher-1", email="teacher@uni.example", role=INSTRUCTOR, deep_link=True
        ),
    )
    assert "Cell Biology" in picker.text, picker.text[:800]
    answer = session.post(
        picker.url, data={"csrfmiddlewaretoken": csrf(picker.text), "badges": [badge.pk]}
    )
    action = re.search(r'action="([^"]+)" id="lti-return"', answer.text).group(1)
    token = re.search(r'name="JWT" value="([^"]+)"', answer.text).group(1)
    # The LMS checks Laurel's signed answer against Laurel's published key set.
    assert session.post(action, data={"JWT": token}).status_code == 200
    [item] = lms.deep_link_items
    assert item["type"] == "ltiResourceLink" and item["title"] == "Cell Biology"

    learner = requests.Session()
    page = follow_launch(
        learner,
        lms.login_url(
            user_id="learner-1", email="ana@uni.example", role=LEARNER, custom=item["custom"]
        ),
    )
    assert page.status_code == 200 and "Cell Biology" in page.text
    assert LmsUser.objects.filter(sub="learner-1", user__email="ana@uni.example").exists()


def test_score_rule_awards_once_to_the_learner_who_reached_it(lms, registered, badge, mailoutbox):
    grade = lms.add_lineitem("Course grade")
    lms.add_member("learner-1", "ana@uni.example")
    lms.add_member("learner-2", "ben@uni.example")
    post_score(lms, grade, "learner-1", 90)
    post_score(lms, grade, "learner-2", 70)
    session, page = instructor_session(lms, registered)
    course_url = page.url
    made = session.post(
        course_url,
        data={
            "csrfmiddlewaretoken": csrf(page.text),
            "badge_class": badge.pk,
            "kind": "score",
            "threshold": 80,
            "lineitems": [grade],
        },
    )
    assert made.status_code == 200 and "Score reaches a percentage" in made.text, made.text
    rule = AwardRule.objects.get()
    for _run in range(2):
        run_url = course_url + f"rules/{rule.pk}/run"
        page = session.post(run_url, data={"csrfmiddlewaretoken": csrf(page.text)})
        assert page.status_code == 200
    [award] = RuleAward.objects.all()
    assert award.email == "ana@uni.example" and award.sub == "learner-1"
    assert Assertion.objects.filter(badge_class=badge).count() == 1
    assert [run.awarded for run in rule.runs.order_by("started")] == [1, 0]
    assert "ana@uni.example" in page.text and "70.0%" in page.text  # earned; close
    # Ana has no Laurel account: the award email (with its backpack link) reaches her.
    [email] = [m for m in mailoutbox if "ana@uni.example" in m.to]
    assert "Cell Biology" in email.subject


def test_roster_rule_awards_everyone_the_roster_lists(lms, registered, badge):
    for n in range(3):
        lms.add_member(f"learner-{n}", f"learner{n}@uni.example")
    lms.add_member("teacher-1", "teacher@uni.example", role=INSTRUCTOR)
    session, page = instructor_session(lms, registered)
    session.post(
        page.url,
        data={"csrfmiddlewaretoken": csrf(page.text), "badge_class": badge.pk, "kind": "roster"},
    )
    rule = AwardRule.objects.get()
    session.post(page.url + f"rules/{rule.pk}/run", data={"csrfmiddlewaretoken": csrf(page.text)})
    awarded = sorted(RuleAward.objects.values_list("email", flat=True))
    assert awarded == [f"learner{n}@uni.example" for n in range(3)]
    assert run_rules() == 0  # the scheduled run finds everyone awarded already


def test_completion_rule_awards_who_completed_every_line_item(lms, registered, badge):
    items = [lms.add_lineitem(label) for label in ("Quiz A", "Quiz B", "Quiz C")]
    lms.add_member("learner-1", "ana@uni.example")
    lms.add_member("learner-2", "ben@uni.example")
    for item in items:
        post_score(lms, item, "learner-1", 50)
    for item in items[:2]:
        post_score(lms, item, "learner-2", 100)
    session, page = instructor_session(lms, registered)
    made = session.post(
        page.url,
        data={
            "csrfmiddlewaretoken": csrf(page.text),
            "badge_class": badge.pk,
            "kind": "complete",
            "lineitems": items,
        },
    )
    assert "Completes line items" in made.text
    assert run_rules() == 1
    assert list(RuleAward.objects.values_list("sub", flat=True)) == ["learner-1"]
    after = session.get(page.url).text
    assert "Learner learner-2" in after  # one line item short: close
