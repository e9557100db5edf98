"""A learner's public pages in a real browser (headless Chromium), as a visitor sees them: the
share page naming the earner, *Verify it yourself* in one click, a revoked badge's page, the
award page's invitation, a private collection's 404. axe-core checks each page (WCAG 2 A/AA)."""

import pytest

from portal.tests.browser import BROWSER_TEST, screenshots, violations

pytestmark = BROWSER_TEST


@pytest.fixture
def shared(transactional_db):
    """Made before the browser starts (Playwright's event loop forbids ORM calls after)."""
    from accounts.services import user_profile_update
    from accounts.tests.factories import UserFactory
    from backpack import services
    from badges.services.awards import assertion_award, assertion_revoke
    from badges.tests.factories import make_badge, make_issuer, png_bytes

    ada = UserFactory(email="ada@example.org")
    user_profile_update(
        user=ada, display_name="Ada Lovelace", show_name_publicly=True, photo=png_bytes()
    )
    issuer = make_issuer(name="Harbour College")

    def award(name):
        return assertion_award(
            badge_class=make_badge(issuer, name=name),
            user=None,
            recipient_identity="ada@example.org",
            notify=False,
        )

    kept, revoked = award("Knots"), award("Splices")
    assertion_revoke(assertion=revoked, user=None, reason="Awarded by mistake")
    private = services.collection_create(user=ada, name="Drafts", assertion_ids=[])
    return {"kept": kept.entity_id, "revoked": revoked.entity_id, "private": private.entity_id}


shot = screenshots("public", phone=True)


def test_a_visitor_reads_the_earner_verifies_in_one_click_and_meets_revoked_and_private_pages(
    live_server,
    shared,
    page,
):
    base, found = live_server.url, []
    share = f"{base}/share/badges/{shared['kept']}/"
    found += violations(page, share)
    assert "Earned by Ada Lovelace" in page.inner_text(".earner")
    assert page.locator(".earner img").evaluate("img => img.naturalWidth") == 256
    shot(page, "1-share")

    page.click("text=Verify it yourself")
    page.wait_for_load_state("networkidle")
    assert "/verify/?url=" in page.url and page.url.endswith("#report")
    assert page.locator("#report h2").inner_text() == "This badge verifies"
    assert page.locator("#report .report-status").inner_text() == "Status: valid"
    assert "/public/badges/" in page.locator("#report .report-image").get_attribute("src")
    top = page.locator("#report").evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < 800  # scrolled into view
    found += violations(page, page.url)
    shot(page, "2-verify")

    response = page.goto(f"{base}/share/badges/{shared['revoked']}/")
    assert response.status == 410
    assert "Awarded by mistake" in page.inner_text("main")
    found += violations(page, page.url)
    shot(page, "3-revoked")

    found += violations(page, f"{base}/awards/{shared['kept']}/")
    assert "Is this your badge?" in page.inner_text("main")
    assert page.locator(".status.valid").inner_text() == "Valid"
    shot(page, "4-award")

    response = page.goto(f"{base}/share/collections/{shared['private']}/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    found += violations(page, page.url)
    shot(page, "5-private-collection")
    assert not found, "\n".join(found)


def test_a_visitor_verifies_another_issuers_3_0_credential_and_a_changed_one(live_server, page):
    """A DCC test credential (two proofs, did:key issuer) pasted into /verify/: it verifies,
    with its achievement and issuer; once changed, the report says why it does not."""
    from pathlib import Path

    fixture = (
        Path(__file__).resolve().parents[2]
        / "badges/tests/fixtures/ecosystem/dcc/verifiableCredentials/v2/bothSignatureTypes"
        / "didkey/legacy-noStatus-noExpiry.json"
    )
    text = fixture.read_text()
    shot = screenshots("verify-3", phone=True)
    page.goto(f"{live_server.url}/verify/")
    page.fill("textarea[name=text]", text)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#report h2").inner_text() == "This badge verifies"
    assert page.locator("#report .report-status").inner_text() == "Status: valid"
    facts = page.inner_text("#report .facts")
    assert "Teamwork" in facts and "Example Corp" in facts and "3.0, data-integrity" in facts
    found = violations(page, page.url)
    shot(page, "1-valid")

    page.fill("textarea[name=text]", text.replace("Example Corp", "Someone Else", 1))
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#report h2").inner_text() == "This badge does not verify"
    assert "The signature does not match" in page.inner_text("#report .report-status")
    shot(page, "2-changed")
    assert not found, "\n".join(found)
