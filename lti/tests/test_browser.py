"""The LTI pages in a real browser (headless Chromium) launched from the mock LMS: the
badge picker of deep linking, the instructor's rule page with its form sent and its rules run,
and a learner's badge page with their progress; axe finds nothing."""

import pytest

from portal.tests.browser import BROWSER_TEST, axe_here, screenshots

from .mock_platform import INSTRUCTOR, LEARNER
from .test_launch_and_rules import post_score

pytestmark = BROWSER_TEST
shot = screenshots("lti", phone=True)


@pytest.fixture
def course_lms(lms, registered, badge):
    """Made before the browser starts: Playwright's loop makes later ORM calls refuse."""
    lms.grade = lms.add_lineitem("Course grade")
    quizzes = [lms.add_lineitem("Quiz A"), lms.add_lineitem("Quiz B")]
    lms.add_member("learner-1", "ana@uni.example")
    post_score(lms, lms.grade, "learner-1", 72)
    post_score(lms, quizzes[0], "learner-1", 90)
    lms.badge_id = badge.entity_id
    lms.staff_email = badge.issuer.staff.get().user.email
    return lms


def test_instructor_adds_a_rule_and_a_learner_sees_the_badge(course_lms, page):
    lms = course_lms
    page.goto(
        lms.login_url(user_id="editor-1", email=lms.staff_email, role=INSTRUCTOR, deep_link=True)
    )
    page.wait_for_url("**/lti/pick/*")
    create = page.locator("#create-badge a", has_text="Create a badge")
    assert create.get_attribute("target") == "_blank"
    assert page.locator("#create-badge a", has_text="reload the list").count() == 1
    assert axe_here(page, "the badge picker of the issuer's staff") == []
    shot(page, "picker-staff")
    page.context.clear_cookies()

    page.goto(
        lms.login_url(
            user_id="teacher-1", email="teacher@uni.example", role=INSTRUCTOR, deep_link=True
        )
    )
    page.wait_for_url("**/lti/pick/*")
    assert axe_here(page, "the badge picker") == []
    assert "Only the owners and editors of" in page.inner_text("#create-badge")
    shot(page, "picker")
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
    page.select_option("#id_badge_class", label="Cell Biology")
    page.select_option("#id_kind", "complete")
    page.select_option("#id_lineitems", label=["Quiz A", "Quiz B"])
    page.click("#rule-form button[type=submit]")
    page.wait_for_load_state()
    assert "Cell Biology: Completes line items" in page.inner_text("main")
    for n in range(2):
        page.locator("main section form button", has_text="Run now").nth(n).click()
        page.wait_for_load_state()
    assert page.inner_text("main").count(", 0 awarded.") == 2
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
    main = page.inner_text("main")
    assert "Score reaches a percentage: 80%" in main
    assert "Your score on “Course grade”: 72% of the 80% needed." in main
    assert "1 of 2 line items done." in main and "Left Quiz B" in main
    assert axe_here(page, "the learner's badge page with their progress") == []
    shot(page, "learner")
