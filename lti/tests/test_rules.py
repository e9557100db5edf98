"""Rule checks an instructor meets as form errors, and the admin an operator uses."""

import pytest
from django.core.exceptions import ValidationError

from badges.tests.factories import make_badge, make_issuer
from lti.models import Course, Platform, ToolKey
from lti.services.keys import tool_key_rotate
from lti.services.rules import rule_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(issuer):
    platform = Platform.objects.create(
        name="LMS",
        issuer="https://lms.example",
        client_id="c",
        deployment_ids=["1"],
        auth_url="https://lms.example/auth",
        token_url="https://lms.example/token",
        jwks_url="https://lms.example/jwks",
        laurel_issuer=issuer,
        award_as=issuer.staff.get().user,
    )
    return Course.objects.create(platform=platform, context_id="c1", deployment_id="1")


def errors(**rule) -> dict:
    with pytest.raises(ValidationError) as caught:
        rule_create(user=None, **rule)
    return caught.value.message_dict


def test_a_badge_of_another_issuer_is_refused(course):
    other = make_badge(make_issuer(name="Elsewhere"))
    assert (
        "Pick a badge of"
        in errors(course=course, badge_class=other, kind="launch")["badge_class"][0]
    )


def test_grade_and_roster_rules_need_the_platform_to_share_them(course, badge):
    assert (
        "no grades"
        in errors(course=course, badge_class=badge, kind="score", threshold=80, lineitems=["x"])[
            "kind"
        ][0]
    )
    assert "no roster" in errors(course=course, badge_class=badge, kind="roster")["kind"][0]


def test_a_score_rule_needs_a_threshold_and_one_line_item(course, badge):
    course.lineitems_url = "https://lms.example/lineitems"
    found = errors(course=course, badge_class=badge, kind="score", threshold=0)
    assert set(found) == {"threshold", "lineitems"}


def test_the_admin_lists_platforms_and_rotates_keys(admin_client, course):
    assert "LMS" in admin_client.get("/staff/lti/platform/").content.decode()
    assert admin_client.get("/staff/lti/platform/add/").status_code == 200
    assert admin_client.get("/staff/lti/registrationinvite/add/").status_code == 200
    first = tool_key_rotate()
    answer = admin_client.post(
        "/staff/lti/toolkey/", {"action": "rotate", "_selected_action": [first.pk]}, follow=True
    )
    assert "signs from now on" in answer.content.decode()
    assert ToolKey.objects.get(active=True) != first and ToolKey.objects.count() == 2
