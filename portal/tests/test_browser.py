"""What a person sees in a real browser: headless Chromium driven by Playwright."""

import pytest

from accounts.services import user_create
from portal.tests.browser import BROWSER_TEST, SCREENSHOTS

pytestmark = BROWSER_TEST


@pytest.fixture
def editor(transactional_db):
    # Created before the browser starts: Playwright's event loop forbids ORM calls after.
    return user_create(
        email="editor@example.org",
        password="a-long-passphrase-1",
        verified=True,
        is_staff=True,
        is_superuser=True,
    )


def test_an_editor_opens_the_home_page_and_signs_in_to_the_wagtail_admin(live_server, editor, page):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Find, earn and share Open Badges"
    page.screenshot(path=SCREENSHOTS / "home.png", full_page=True)

    page.goto(live_server.url + "/admin/")
    page.fill("input[name=username]", "editor@example.org")
    page.fill("input[name=password]", "a-long-passphrase-1")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    assert "Dashboard" in page.title()
    page.screenshot(path=SCREENSHOTS / "wagtail-dashboard.png")


@pytest.fixture
def pathway_index(editor):
    """Two badges, an empty pathway index, and a learner who holds one of the badges."""
    from badges.services.awards import assertion_award
    from badges.tests.factories import make_badge, make_issuer
    from portal.demo import add_page
    from portal.models import HomePage, PathwayIndexPage

    issuer = make_issuer(owner=editor, name="Web Academy")
    html = make_badge(issuer, name="HTML Foundations", level="introductory")
    make_badge(issuer, name="CSS Layout", level="intermediate")
    user_create(email="learner@example.org", password="a-long-passphrase-2", verified=True)
    assertion_award(badge_class=html, user=None, recipient_identity="learner@example.org")
    return add_page(HomePage.objects.get(), PathwayIndexPage(title="Pathways", slug="pathways"))


def choose_badge(page, name: str) -> None:
    """Add a badge step at the end of the pathway and pick the badge in the chooser modal."""
    steps = page.locator("#panel-child-content-steps-section")
    steps.locator(".c-sf-add-button").last.click()
    page.get_by_role("option", name="Badge step").click()
    steps.get_by_role("button", name="Choose badge class").last.click()
    page.fill(".modal-dialog #id_q", name.split()[0])
    page.locator(".modal-dialog a[data-chooser-modal-choice]", has_text=name).click()
    page.wait_for_selector(".modal-dialog", state="detached")


def test_an_editor_builds_a_pathway_with_the_badge_chooser_and_a_learner_sees_progress(
    live_server, editor, pathway_index, page
):
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "editor@example.org")
    page.fill("input[name=password]", "a-long-passphrase-1")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(f"{live_server.url}/admin/pages/add/portal/pathwaypage/{pathway_index.pk}/")
    page.fill("#id_title", "Web foundations")
    choose_badge(page, "HTML Foundations")
    choose_badge(page, "CSS Layout")
    page.screenshot(path=SCREENSHOTS / "pathway-editor.png", full_page=True)
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{pathway_index.pk}/")
    assert "Web foundations" in page.locator(".messages").inner_text()
    assert "published" in page.locator(".messages").inner_text()

    learner = page.context.browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    learner.goto(live_server.url + "/accounts/login/?next=/pathways/web-foundations/")
    learner.fill("input[name=login]", "learner@example.org")
    learner.fill("input[name=password]", "a-long-passphrase-2")
    learner.click("button[type=submit]")
    learner.wait_for_url(live_server.url + "/pathways/web-foundations/")
    summary = learner.locator(".pathway-summary").inner_text()
    assert "You already hold 1 of 2" in summary
    assert "CSS Layout" in summary, "the badge still to earn is suggested next"
    assert learner.locator(".step.done").inner_text().startswith("HTML Foundations")
    learner.screenshot(path=SCREENSHOTS / "pathway-learner.png", full_page=True)

    learner.get_by_role("button", name="Follow this pathway").click()
    learner.goto(live_server.url + "/dashboard/")
    assert "You hold 1 of 2 badges." in learner.locator("main").inner_text()
    learner.screenshot(path=SCREENSHOTS / "dashboard.png", full_page=True)

    learner.set_viewport_size({"width": 390, "height": 844})
    learner.goto(live_server.url + "/pathways/web-foundations/")
    learner.screenshot(path=SCREENSHOTS / "pathway-learner-mobile.png", full_page=True)
