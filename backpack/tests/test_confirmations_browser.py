"""The backpack's destructive actions in a real browser (headless Chromium): removing a badge,
deleting a collection and withdrawing an application each ask on a page of their own, where
Cancel changes nothing and the button acts. axe-core checks each confirmation page."""

import pytest

from accounts.tests.factories import UserFactory
from backpack import services
from badges.services.awards import assertion_award
from badges.tests.factories import make_application, make_applying_badge, make_badge, make_issuer
from portal.tests.browser import BROWSER_TEST, SCREENSHOTS, sign_in, violations

pytestmark = BROWSER_TEST

PASSWORD = "correct horse battery staple"  # the factories' password


@pytest.fixture
def learner(transactional_db):
    """Made before the browser starts: Playwright's loop makes later ORM calls refuse."""
    ada = UserFactory(email="ada@example.org")
    issuer = make_issuer(name="Harbour College")
    award = assertion_award(
        badge_class=make_badge(issuer, name="Knots"),
        user=None,
        recipient_identity="ada@example.org",
        notify=False,
    )
    services.collection_create(user=ada, name="Sailing", assertion_ids=[award.entity_id])
    make_application(make_applying_badge(issuer, name="Rescue"), ada)
    return ada


def ask(tab, url: str, link: str, action: str) -> None:
    """From the page at url, follow link, then the action link that asks before it acts."""
    tab.goto(url)
    tab.click(link)
    tab.wait_for_load_state()
    tab.click(f"a:has-text('{action}')")


def confirm(tab, found: list[str], name: str) -> None:
    """On a confirmation page: check it, Cancel once (nothing happens), come back, confirm."""
    tab.wait_for_load_state()
    asked = tab.url
    found.extend(violations(tab, asked))
    tab.screenshot(path=SCREENSHOTS / f"confirm-{name}.png", full_page=True)
    tab.click(".confirm a:has-text('Cancel')")
    tab.wait_for_load_state()
    tab.goto(asked)
    tab.click(".confirm button[type=submit]")
    tab.wait_for_load_state()


def test_a_learner_confirms_before_removing_deleting_and_withdrawing(live_server, learner, page):
    base = live_server.url
    found: list[str] = []
    sign_in(page, base, "ada@example.org", PASSWORD)

    page.goto(base + "/backpack/applications/")
    page.click("a:has-text('Rescue')")
    page.wait_for_load_state()
    page.click("a:has-text('Withdraw the application')")
    page.wait_for_load_state()
    assert "Withdraw your application for Rescue?" in page.locator("h1").inner_text()
    page.click(".confirm a:has-text('Cancel')")
    page.wait_for_load_state()
    assert "Submitted" in page.locator(".page-header").inner_text()
    page.click("a:has-text('Withdraw the application')")
    confirm(page, found, "withdraw")
    assert "Your application is withdrawn." in page.locator(".messages").inner_text()
    assert page.locator("a:has-text('Withdraw the application')").count() == 0

    ask(page, base + "/backpack/collections/", "a:has-text('Sailing')", "Delete this collection")
    confirm(page, found, "delete-collection")
    assert "Collection Sailing deleted." in page.locator(".messages").inner_text()
    assert page.locator("main a:has-text('Sailing')").count() == 0

    ask(page, base + "/backpack/", "main a:has-text('Knots')", "Remove from backpack")
    confirm(page, found, "remove-badge")
    assert "The badge was removed from your backpack." in page.locator(".messages").inner_text()
    assert page.locator("main a:has-text('Knots')").count() == 0
    page.goto(base + "/backpack/?show=declined")
    assert page.locator("main", has_text="Knots").count() == 1  # it stays valid, declined
    assert found == [], "\n".join(found)
