"""The backpack's destructive actions in a real browser (headless Chromium): removing a badge,
deleting a collection and withdrawing an application each ask on a page of their own, where
Cancel changes nothing and the button acts. axe-core checks each confirmation page."""

import pytest

from accounts.tests.factories import UserFactory
from backpack import services
from badges.services.awards import assertion_award
from badges.tests.factories import make_application, make_applying_badge, make_badge, make_issuer
from portal.tests.test_accessibility import violations
from portal.tests.test_browser import SCREENSHOTS, page  # noqa: F401 (the browser fixture)

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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_learner_confirms_before_removing_deleting_and_withdrawing(live_server, learner, page):  # noqa: F811
    base = live_server.url
    found: list[str] = []
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", "ada@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()

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

    page.goto(base + "/backpack/collections/")
    page.click("a:has-text('Sailing')")
    page.wait_for_load_state()
    page.click("a:has-text('Delete this collection')")
    confirm(page, found, "delete-collection")
    assert "Collection Sailing deleted." in page.locator(".messages").inner_text()
    assert page.locator("main a:has-text('Sailing')").count() == 0

    page.goto(base + "/backpack/")
    page.click("main a:has-text('Knots')")
    page.wait_for_load_state()
    page.click("a:has-text('Remove from backpack')")
    confirm(page, found, "remove-badge")
    assert "The badge was removed from your backpack." in page.locator(".messages").inner_text()
    assert page.locator("main a:has-text('Knots')").count() == 0
    page.goto(base + "/backpack/?show=declined")
    assert page.locator("main", has_text="Knots").count() == 1  # it stays valid, declined
    assert found == [], "\n".join(found)
