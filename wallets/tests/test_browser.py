"""In a real browser (headless Chromium): the learner adds a badge to a wallet from the badge
page, the page shows the QR code, the QR code decodes (zxing-cpp) to the wallet link, and the
wallet (tools/wallet) collects the badge with the link it scanned."""

import io

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image

from accounts.tests.factories import UserFactory
from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer
from portal.tests.browser import BROWSER_TEST, axe_here, screenshot, sign_in, violations
from wallets.models import Protocol, WalletExchange
from wallets.services import exchange_create

from .conftest import EMAIL
from .wallet_client import require_wallet, run_wallet

pytestmark = BROWSER_TEST

PASSWORD = "correct horse battery staple"  # the factories' password


def test_the_learner_scans_the_qr_code_into_a_wallet(award, live_server, page):
    require_wallet()
    base = live_server.url
    sign_in(page, base, EMAIL, PASSWORD)
    badge_url = f"{base}/backpack/badges/{award.entity_id}/"
    found = violations(page, badge_url)
    page.click("button:has-text('Add to a wallet')")
    page.wait_for_load_state()
    assert "/wallets/collect/" in page.url
    found += axe_here(page)

    link = page.locator("#lcw-link").get_attribute("href")
    assert link.startswith("https://lcw.app/request?")
    codes = zxingcpp.read_barcodes(
        Image.open(io.BytesIO(page.locator("#wallet-qr svg").screenshot()))
    )
    assert [code.text for code in codes] == [link]

    answer = run_wallet("vcapi.mjs", link=codes[0].text)
    assert answer["status"] == 200, answer["body"]
    page.reload()
    status = page.locator("#wallet-status").inner_text()
    assert "Collected into a wallet" in status
    assert answer["holder"][:40] in status
    found += axe_here(page)
    assert found == []


@pytest.fixture
def collected(transactional_db):
    """An issuer whose one award was collected into a wallet (made before the browser)."""
    owner = UserFactory(email="dean@harbour.example")
    issuer = make_issuer(owner=owner, name="Harbour College")
    badge = make_badge(issuer, name="Sea Survival")
    award = assertion_award(badge_class=badge, user=owner, recipient_identity=EMAIL, notify=False)
    exchange = exchange_create(assertion=award, user=None)
    WalletExchange.objects.filter(pk=exchange.pk).update(
        collected_at=timezone.now(), protocol=Protocol.OID4VCI, holder="did:key:z6MkTest"
    )
    return issuer, badge


def test_the_issuer_sees_collected_awards_and_stops_offering_wallets(collected, live_server, page):
    issuer, badge = collected
    base = live_server.url
    sign_in(page, base, "dean@harbour.example", PASSWORD)
    awards_url = f"{base}/issue/{issuer.entity_id}/badges/{badge.entity_id}/awards/"
    found = violations(page, awards_url)
    row = page.locator("tr", has_text=EMAIL).inner_text()
    assert "In a wallet" in row and "OpenID for Verifiable Credential Issuance" in row

    # At an event: hand the award to its recipient through a QR code on the issuer's screen.
    page.locator("tr", has_text=EMAIL).get_by_role("link", name=f"Wallet QR for {EMAIL}").click()
    page.wait_for_load_state()
    found += axe_here(page)
    page.click("button:has-text('Show the QR code')")
    page.wait_for_load_state()
    assert "/wallets/collect/" in page.url
    assert f"Show this page to {EMAIL}" in page.content()
    screenshot(page, "wallet-handout", phone=True)
    codes = zxingcpp.read_barcodes(
        Image.open(io.BytesIO(page.locator("#wallet-qr svg").screenshot()))
    )
    assert [code.text for code in codes] == [page.locator("#lcw-link").get_attribute("href")]
    found += axe_here(page)

    found += violations(page, f"{base}/issue/{issuer.entity_id}/settings/")
    assert page.is_checked("#offer_collection")
    page.uncheck("#offer_collection")
    page.click("button:has-text('Save the wallet setting')")
    page.wait_for_load_state()
    assert "can no longer add" in page.locator(".messages").inner_text()
    assert not page.is_checked("#offer_collection")
    found += axe_here(page)
    assert found == []
