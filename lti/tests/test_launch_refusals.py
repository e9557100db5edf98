"""Launches Laurel refuses, each with a message saying why and nothing written."""

import html
import re

import pytest
import requests

from badges.models import Assertion
from lti.models import AwardRule, CourseMember, LmsUser
from lti.protocol import CLAIM, rsa_key_new

from .mock_platform import LEARNER, follow_launch, launch_form

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def launch_rule(registered, badge, lms):
    """A course whose launch rule would award anyone who launches: a refusal must not."""
    session = requests.Session()
    follow_launch(
        session,
        lms.login_url(
            user_id="t",
            email="t@uni.example",
            role="http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
        ),
    )
    course = registered.courses.get()
    AwardRule.objects.create(course=course, badge_class=badge, kind="launch")
    return course


def refused(lms, **launch) -> str:
    page = follow_launch(
        requests.Session(),
        lms.login_url(user_id="learner-1", email="ana@uni.example", role=LEARNER, **launch),
    )
    message = re.search(r'role="alert">([^<]*)<', page.text)
    assert page.status_code == 400, message and message.group(1)
    assert not LmsUser.objects.filter(sub="learner-1").exists()
    assert not CourseMember.objects.filter(sub="learner-1").exists()
    assert not Assertion.objects.exists()
    return html.unescape(message.group(1))


def test_a_learner_launch_is_accepted_and_awards_the_launch_rule(lms, launch_rule):
    page = follow_launch(
        requests.Session(),
        lms.login_url(user_id="learner-1", email="ana@uni.example", role=LEARNER),
    )
    assert page.status_code == 200
    assert Assertion.objects.get().recipient_identity == "ana@uni.example"


def test_a_token_signed_with_another_key_is_refused(lms, launch_rule):
    other, _ = rsa_key_new()
    assert "signature does not match the platform" in refused(lms, private_pem=other)


def test_a_wrong_audience_is_refused(lms, launch_rule):
    text = refused(lms, overrides={"aud": "another-tool"})
    assert "is for another tool" in text


def test_an_unknown_deployment_is_refused(lms, launch_rule):
    text = refused(lms, overrides={CLAIM + "deployment_id": "deployment-9"})
    assert "Deployment 'deployment-9' is not registered" in text


def test_an_expired_token_is_refused(lms, launch_rule):
    lms.id_token_lifetime = -120
    assert "has expired" in refused(lms)


def test_a_replayed_launch_is_refused(lms, launch_rule):
    session = requests.Session()
    action, fields = launch_form(
        session, lms.login_url(user_id="learner-1", email="ana@uni.example", role=LEARNER)
    )
    assert session.post(action, data=fields).status_code == 200
    again = requests.Session().post(action, data=fields)
    assert again.status_code == 400 and "nonce is spent" in again.text
    assert Assertion.objects.count() == 1  # the first launch's award only


def test_an_unregistered_platform_is_refused_at_login(lms, launch_rule):
    url = lms.login_url(
        user_id="learner-1", email="a@uni.example", role=LEARNER, iss="https://unknown-lms.example"
    )
    page = requests.get(url, allow_redirects=False)
    assert page.status_code == 400
    assert "No platform 'https://unknown-lms.example' is registered" in html.unescape(page.text)
