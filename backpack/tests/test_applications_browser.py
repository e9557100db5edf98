"""Applying for a badge in a real browser (headless Chromium): a learner applies with a file and
a link, a reviewer returns it for revision, the learner resubmits, the reviewer approves, and
the badge is in the learner's backpack. axe-core checks each new page (WCAG 2 A/AA)."""

import pytest

from badges.tests.factories import png_bytes
from portal.tests.browser import BROWSER_TEST, screenshots, sign_in, violations

pytestmark = BROWSER_TEST

LEARNER, REVIEWER, PASSWORD = "learner@example.org", "reviewer@harbour.example", "a-long-pass-9"


@pytest.fixture
def harbour(transactional_db):
    """An issuer whose badge takes applications; made before the browser starts (Playwright's
    event loop forbids ORM calls after)."""
    from accounts.services import user_create
    from badges.tests.factories import make_applying_badge, make_issuer

    reviewer = user_create(email=REVIEWER, password=PASSWORD, verified=True)
    user_create(email=LEARNER, password=PASSWORD, verified=True)
    issuer = make_issuer(owner=reviewer, name="Harbour College")
    badge = make_applying_badge(issuer, name="Coastal Navigation")
    return {"issuer": issuer.entity_id, "badge": badge.entity_id}


shot = screenshots("applications")


def decide(tab, decision: str, comment: str, met: str) -> None:
    tab.click("button[value=take]")
    tab.wait_for_load_state()
    tab.check(f"input[name=met_0][value={met}]")
    tab.check("input[name=met_1][value=yes]")
    tab.fill("textarea[name=comment]", comment)
    tab.check(f"input[name=decision][value={decision}]")
    tab.click("form.review-form button[type=submit]")
    tab.wait_for_load_state()


def test_apply_return_resubmit_approve_and_the_badge_is_in_the_backpack(
    live_server,
    harbour,
    page,
):
    base = live_server.url
    found: list[str] = []
    learner = page
    reviewer = page.context.browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(learner, base, LEARNER, PASSWORD)
    sign_in(reviewer, base, REVIEWER, PASSWORD)

    learner.goto(f"{base}/badges/{harbour['badge']}/")
    learner.click("text=Apply for this badge")
    learner.wait_for_load_state()
    learner.fill("textarea[name=reflection_0]", "I plotted a course from Brest to Ushant.")
    learner.check("input[name=kind][value=url]")
    learner.fill("input[name=url]", "https://portfolio.example/course-plot")
    learner.click("button[value=add]")
    learner.wait_for_load_state()
    learner.check("input[name=kind][value=file]")
    learner.set_input_files(
        "input[name=file]", {"name": "chart.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    learner.fill("input[name=description]", "My annotated chart")
    learner.click("button[value=add]")
    learner.wait_for_load_state()
    assert "chart.png" in learner.content() and "course-plot" in learner.content()
    learner.click("button[value=submit]")  # a criterion has no reflection yet
    learner.wait_for_load_state()
    assert "missing: Read a chart" in learner.inner_text("main")
    found += violations(learner, learner.url)
    learner.fill("textarea[name=reflection_1]", "I read tidal streams off the Admiralty chart.")
    shot(learner, "1-form")
    learner.click("button[value=submit]")
    learner.wait_for_load_state()
    assert "is submitted" in learner.inner_text(".messages")
    found += violations(learner, learner.url)
    shot(learner, "2-submitted")

    queue = f"{base}/issue/{harbour['issuer']}/review/"
    found += violations(reviewer, queue)
    shot(reviewer, "3-queue")
    reviewer.click(f"text={LEARNER}")
    reviewer.wait_for_load_state()
    found += violations(reviewer, reviewer.url)
    assert reviewer.locator("img.evidence-image").evaluate("img => img.naturalWidth") == 120
    decide(reviewer, "return", "Show the tidal calculation too, please.", met="no")
    assert "Returned for revision" in reviewer.inner_text("main")
    shot(reviewer, "4-returned")

    learner.goto(f"{base}/backpack/applications/")
    found += violations(learner, learner.url)
    learner.click("text=Coastal Navigation")
    learner.wait_for_load_state()
    assert "Show the tidal calculation too, please." in learner.inner_text("main")
    shot(learner, "5-feedback")
    learner.click("text=Revise and resubmit")
    learner.wait_for_load_state()
    learner.check("input[name=kind][value=text]")
    learner.fill("textarea[name=text]", "HW Brest 06:12, range 5.1 m: 2.3 kn at Ushant.")
    learner.click("button[value=add]")
    learner.wait_for_load_state()
    learner.click("button[value=submit]")
    learner.wait_for_load_state()

    reviewer.goto(queue)
    reviewer.click(f"text={LEARNER}")
    reviewer.wait_for_load_state()
    decide(reviewer, "approve", "Well navigated.", met="yes")
    assert "Awarded" in reviewer.inner_text("main")
    shot(reviewer, "6-approved")

    learner.goto(f"{base}/backpack/")
    assert "Coastal Navigation" in learner.inner_text("main")
    shot(learner, "7-backpack")
    learner.click("text=Coastal Navigation")
    learner.wait_for_load_state()
    evidence = learner.inner_text("main")
    assert "My annotated chart" in evidence and "2.3 kn at Ushant" in evidence
    found += violations(learner, learner.url)
    shot(learner, "8-badge-with-evidence")
    # The award's file evidence is public now, at the URL in its Open Badges document.
    anyone = page.context.browser.new_context().new_page()
    href = learner.get_attribute("text=My annotated chart", "href")  # on LAUREL_BASE_URL
    anyone.goto(base + "/public/" + href.split("/public/", 1)[1])
    assert anyone.evaluate("document.contentType") == "image/png"
    assert found == []
