"""The LTI pages in a real browser (headless Chromium) launched from the mock LMS: the
badge picker of deep linking, the instructor's rule page with its form sent,
and a learner's badge page; axe finds nothing."""

import pytest

from portal.tests.browser import BROWSER_TEST, axe_here, screenshots

from .mock_platform import INSTRUCTOR, LEARNER

pytestmark = BROWSER_TEST
shot = screenshots("lti", phone=True)


@pytest.fixture
def course_lms(lms, registered, badge):
    """Made before the browser starts: Playwright's loop makes later ORM calls refuse."""
    lms.grade = lms.add_lineitem("Course grade")
    lms.badge_id = badge.entity_id
    return lms


def test_instructor_adds_a_rule_and_a_learner_sees_the_badge(course_lms, page):
    lms = course_lms
    page.goto(
        lms.login_url(
            user_id="teacher-1", email="teacher@uni.example", role=INSTRUCTOR, deep_link=True
        )
    )
    page.wait_for_url("**/lti/pick/*")
    assert axe_here(page, "the badge picker") == []
    page.check("text=Cell Biology")
    page.click("main form button[type=submit]")
    # Laurel's signed answer is posted on to the LMS by the page itself (CSP allows it).
    page.wait_for_url(lms.url + "/deep-link-return")
    assert page.locator("h1").inner_text() == "Added"
    assert lms.deep_link_items[0]["custom"] == {"laurel_badge": lms.badge_id}

    page.goto(lms.login_url(user_id="teacher-1", email="teacher@uni.example", role=INSTRUCTOR))
    page.wait_for_url("**/lti/courses/*/")
    assert page.locator("h1").inner_text() == "Badges awarded in Biology 101"
    assert axe_here(page, "the rule page") == []
    page.select_option("#id_badge_class", label="Cell Biology")
    page.select_option("#id_kind", "score")
    page.fill("#id_threshold", "")
    page.click("#rule-form button[type=submit]")
    page.wait_for_load_state()
    assert "Give the percentage to reach" in page.inner_text("#rule-form")
    assert axe_here(page, "the rule form with errors") == []
    page.fill("#id_threshold", "80")
    page.select_option("#id_lineitems", label="Course grade")
    page.click("#rule-form button[type=submit]")
    page.wait_for_load_state()
    assert "Cell Biology: Score reaches a percentage (80%)" in page.inner_text("main")
    shot(page, "rules")

    page.context.clear_cookies()
    page.goto(
        lms.login_url(
            user_id="learner-1",
            email="ana@uni.example",
            role=LEARNER,
            custom={"laurel_badge": lms.badge_id},
        )
    )
    page.wait_for_url("**/badges/*")
    assert page.locator("h1").inner_text() == "Cell Biology"
    assert "Score reaches a percentage: 80%" in page.inner_text("main")
    assert axe_here(page, "the learner's badge page") == []
    shot(page, "learner")
