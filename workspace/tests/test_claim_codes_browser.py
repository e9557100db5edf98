"""Claim codes in a real browser (headless Chromium): an issuer makes a multi-use code, a
learner follows its QR link, signs in, claims it and finds the badge in the backpack.
axe-core checks the new pages on the way (WCAG 2 A/AA)."""

import pytest

from accounts.tests.factories import UserFactory
from badges.tests.factories import make_badge, make_issuer
from portal.tests.browser import BROWSER_TEST, fill_sign_in, screenshots, violations

pytestmark = BROWSER_TEST

PASSWORD = "correct horse battery staple"  # the factories' password


shot = screenshots("claim-codes")


@pytest.fixture
def issuer(transactional_db):
    """Made before the browser starts: Playwright's loop makes later ORM calls refuse."""
    issuer = make_issuer(owner=UserFactory(email="dean@harbour.example"), name="Harbour College")
    make_badge(issuer, name="Sea Survival")
    UserFactory(email="ada@example.org")
    return issuer


def test_an_issuer_makes_a_code_and_a_learner_claims_the_badge_with_it(
    live_server,
    issuer,
    page,
):
    base = live_server.url
    found: list[str] = []

    page.goto(base + "/accounts/login/")
    fill_sign_in(page, "dean@harbour.example", PASSWORD)
    page.wait_for_load_state()
    page.goto(f"{base}/issue/{issuer.entity_id}/badges/")
    page.click("text=Claim codes")
    page.wait_for_load_state()
    codes_url = page.url
    page.fill("input[name=multi-max_uses]", "30")
    page.fill("input[name=multi-note]", "Harbour open day")
    page.click("text=Make a multi-use code")
    page.wait_for_load_state()
    assert "Made 1 claim code." in page.locator(".messages").inner_text()
    code = page.locator("table.claim-codes code.claim-code").first.inner_text()
    found += violations(page, codes_url)
    shot(page, "1-workspace")
    qr_link = page.locator("a", has_text="PNG").first.get_attribute("href") or ""
    qr = page.request.get(base + qr_link)
    assert qr.ok and qr.headers["content-type"] == "image/png"
    found += violations(page, codes_url + "print/")
    assert page.locator(".claim-card svg").count() == 1
    shot(page, "2-print-sheet")

    page.context.clear_cookies()
    # What the QR code holds: the claim page with the code filled in.
    page.goto(f"{base}/claim/{code.replace('-', '')}")
    assert "/accounts/login/" in page.url
    fill_sign_in(page, "ada@example.org", PASSWORD)
    page.wait_for_load_state()
    assert page.locator("input[name=code]").input_value() == code
    found += violations(page, page.url)
    shot(page, "3-claim-page")
    page.click("text=Claim the badge")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Sea Survival"
    found += violations(page, page.url)
    shot(page, "4-claimed")
    page.click("text=See it in your backpack")
    page.wait_for_load_state()
    assert "/backpack/badges/" in page.url
    page.goto(base + "/backpack/")
    assert page.locator(".backpack-card", has_text="Sea Survival").count() == 1
    shot(page, "5-backpack")

    # Claiming the same code again is refused, beside the code.
    page.goto(f"{base}/claim/{code}")
    page.click("text=Claim the badge")
    page.wait_for_load_state()
    assert "already claimed" in page.locator(".field-error").inner_text()
    shot(page, "6-claimed-twice")
    assert found == []
