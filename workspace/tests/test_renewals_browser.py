"""Renewing in a real browser (headless Chromium): the issuer opens Expiring soon, filters the
awards expiring in 30 days, ticks some, renews them as one job and sees its progress and result;
the learner's backpack links the renewed award and its renewal. axe-core checks each page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer
from portal.tests.browser import BROWSER_TEST, axe_here, screenshots, sign_in, violations

pytestmark = BROWSER_TEST

PASSWORD = "correct horse battery staple"  # the factories' password

shot = screenshots("renew", phone=True)


@pytest.fixture
def issuer(transactional_db):
    """Made before the browser starts: Playwright's loop makes later ORM calls refuse."""
    owner = UserFactory(email="dean@harbour.example")
    UserFactory(email="crew0@example.org")
    issuer = make_issuer(owner=owner, name="Harbour College")
    badge = make_badge(issuer, name="First Aid", expires_amount=1, expires_unit="years")
    now = timezone.now()
    for email, days in [
        *((f"crew{n}@example.org", 5 + n) for n in range(3)),
        ("later@example.org", 45),
        ("far@example.org", 200),
    ]:
        assertion_award(
            badge_class=badge,
            user=owner,
            recipient_identity=email,
            issued_on=now - timedelta(days=365 - days),
            expires=now + timedelta(days=days),
            notify=False,
        )
    return issuer


def test_an_issuer_filters_expiring_awards_renews_three_and_the_learner_sees_both(
    live_server, issuer, page
):
    base = live_server.url
    found: list[str] = []
    sign_in(page, base, "dean@harbour.example", PASSWORD)

    # The dashboard counts what expires soon; its 30-day count opens the filtered list.
    found += violations(page, f"{base}/issue/{issuer.entity_id}/")
    expiring = page.locator("section:has(h2:has-text('Expiring soon'))")
    assert "First Aid" in expiring.inner_text()
    shot(page, "1-dashboard")
    expiring.locator("a[aria-label='3 expiring in the next 30 days']").click()
    page.wait_for_load_state()
    assert page.locator("select#show").input_value() == "expiring30"
    listed = page.locator("table.ws-table").inner_text()
    assert "crew2@example.org" in listed and "later@example.org" not in listed
    found += axe_here(page)

    # The filter form itself: 60 days shows the later one too.
    page.select_option("select#show", "expiring60")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state()
    assert "later@example.org" in page.locator("table.ws-table").inner_text()
    assert "far@example.org" not in page.locator("table.ws-table").inner_text()
    page.select_option("select#show", "expiring30")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state()
    for n in range(3):
        page.check(f"input[aria-label='Select the award to crew{n}@example.org']")
    shot(page, "2-expiring-ticked")

    # Renew asks on a page of its own, then runs as one job with a progress bar.
    page.click("button:has-text('Renew selected')")
    page.wait_for_load_state()
    found += axe_here(page)
    assert "crew1@example.org" in page.locator(".confirm").inner_text()
    shot(page, "3-confirm")
    page.click(".confirm button[type=submit]")
    page.wait_for_load_state()
    assert "/jobs/" in page.url
    assert "Renewing 3 awards of First Aid" in page.locator("h1").inner_text()
    page.locator("#job-awards").wait_for(state="visible")
    assert "3 renewed" in page.locator("#job-status").inner_text()
    assert page.locator("#job-progress").get_attribute("value") == "100"
    found += axe_here(page)
    shot(page, "4-job-done")

    # The list shows the old awards renewed; renewing one again is refused, saying why.
    page.click("#job-awards")
    page.wait_for_load_state()
    assert page.locator("text=renewed by the award of").count() == 3
    assert page.locator("text=renews the award of").count() == 3
    page.goto(page.url.split("?")[0])  # every live award
    page.locator("tr:has-text('renewed by') input[type=checkbox]").first.check()
    page.click("button:has-text('Renew selected')")
    page.wait_for_load_state()
    page.click(".confirm button[type=submit]")
    page.wait_for_load_state()
    assert "renewed already" in page.locator(".messages").inner_text()
    shot(page, "5-refused")

    # The learner's backpack: the old award says it is renewed by the new one, and back.
    page.context.clear_cookies()
    sign_in(page, base, "crew0@example.org", PASSWORD)
    page.goto(f"{base}/backpack/")
    page.locator("a:has-text('First Aid')").first.click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "Renewed by" in text or "Renews" in text
    page.locator(".notice.renewal a").first.click()
    page.wait_for_load_state()
    assert (
        "Renewed by" in page.locator("main").inner_text()
        or "Renews" in page.locator("main").inner_text()
    )
    found += axe_here(page)
    shot(page, "6-backpack")

    # The account page: badge emails are on; turned off, the learner is opted out.
    page.goto(f"{base}/accounts/profile/")
    box = page.get_by_label("Email me about my badges")
    assert box.is_checked()
    box.uncheck()
    page.click("form.account-form button[type=submit]")
    page.wait_for_load_state()
    assert "Your profile is saved." in page.locator(".messages").inner_text()
    assert not page.get_by_label("Email me about my badges").is_checked()
    found += axe_here(page)
    shot(page, "7-account-emails-off")
    assert not found, "\n".join(found)
