"""In a real browser (headless Chromium): the learner adds a badge to a wallet from the badge
page, the page shows the QR code, the QR code decodes (zxing-cpp) to the wallet link, and the
wallet (tools/wallet) collects the badge with the link it scanned."""

import io

import pytest
import zxingcpp
from PIL import Image

from accounts.tests.factories import UserFactory
from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer
from portal.tests.browser import BROWSER_TEST, axe_here, sign_in, violations

from .wallet_client import require_wallet, run_wallet

pytestmark = BROWSER_TEST

PASSWORD = "correct horse battery staple"  # the factories' password
EMAIL = "ada@example.org"


@pytest.fixture
def award(transactional_db, live_server, settings):
    """Made before the browser starts: Playwright's loop makes later ORM calls refuse."""
    settings.LAUREL_BASE_URL = live_server.url
    UserFactory(email=EMAIL)
    badge = make_badge(make_issuer(name="Harbour College"), name="Sea Survival")
    return assertion_award(badge_class=badge, user=None, recipient_identity=EMAIL, notify=False)


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
