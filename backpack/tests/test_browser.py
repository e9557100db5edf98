"""A learner's backpack in a real browser (headless Chromium): sign up, verify the email, find
an award, import a baked badge from elsewhere, make a collection public and share it."""

import pytest

from backpack.tests.conftest import ElsewhereIssuer
from badges.openbadges.baking import bake_png
from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer, png_bytes
from badges.tests.static_server import running_static_server
from portal.tests.browser import (
    BROWSER_TEST,
    SCREENSHOTS,
    chromium,
    fill_sign_in,
    sign_up_and_confirm,
)

pytestmark = BROWSER_TEST

EMAIL = "mary@example.org"
PASSWORD = "a-long-passphrase-9"


@pytest.fixture
def before_sign_up(transactional_db, settings, tmp_path):
    """An award made here before the learner has an account, and a baked badge from elsewhere.

    Made before the browser starts: Playwright's event loop forbids ORM calls after."""
    issuer = make_issuer(name="Harbour College")
    assertion_award(
        badge_class=make_badge(issuer, name="Sea Survival"),
        user=None,
        recipient_identity=EMAIL,
        notify=False,
    )
    with running_static_server() as server:
        settings.LAUREL_FETCH_ALLOWED_HOSTS = [server.host_port]
        url = ElsewhereIssuer(server).award(1, EMAIL)
        baked = tmp_path / "rope-access.png"
        baked.write_bytes(bake_png(png_bytes(color="#884400"), url))
        yield baked


def test_a_new_learner_collects_imports_and_shares_badges(live_server, before_sign_up):
    base = live_server.url
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        sign_up_and_confirm(page, base, EMAIL, PASSWORD)

        page.goto(base + "/backpack/")
        if "/accounts/login/" in page.url:
            fill_sign_in(page, EMAIL, PASSWORD)
            page.wait_for_url(base + "/backpack/")
        card = page.locator(".backpack-card", has_text="Sea Survival")
        assert card.is_visible()
        page.screenshot(path=SCREENSHOTS / "backpack-new-award.png", full_page=True)
        card.locator("button", has_text="Accept").click()
        page.wait_for_load_state()

        page.goto(base + "/backpack/import/")
        page.set_input_files("input[name=image]", str(before_sign_up))
        page.click(".source-form button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Rope Access"
        assert "verified" in page.locator(".messages").inner_text()
        page.screenshot(path=SCREENSHOTS / "backpack-imported.png", full_page=True)

        page.goto(base + "/backpack/collections/")
        page.fill("input[name=name]", "At sea")
        page.check("input[name=published]")
        page.click(".collection-form button[type=submit]")
        page.wait_for_load_state()
        for name in ("Sea Survival", "Rope Access"):
            page.select_option("#add-badge", label=f"{name} ({_issuer(name)})")
            page.click("form.inline-actions button:has-text('Add')")
            page.wait_for_load_state()
        share = page.locator("a[href^='/share/collections/']").first.get_attribute("href")
        page.screenshot(path=SCREENSHOTS / "backpack-collection.png", full_page=True)

        visitor = browser.new_context().new_page()
        visitor.goto(base + share)
        assert visitor.locator("h1").inner_text() == "At sea"
        names = visitor.locator(".backpack-card h2").all_inner_texts()
        assert names == ["Sea Survival", "Rope Access"]
        assert visitor.locator("meta[property='og:image']").count() == 1
        assert "Sign in" in visitor.locator(".account-nav").inner_text()
        visitor.screenshot(path=SCREENSHOTS / "backpack-shared-collection.png", full_page=True)


def _issuer(name: str) -> str:
    return "Harbour College" if name == "Sea Survival" else "Elsewhere Academy"
