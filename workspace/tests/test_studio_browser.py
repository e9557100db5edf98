"""The badge studio in a real browser (headless Chromium): the preview follows the choices live,
and saving makes the design the badge's image."""

import pytest

from accounts.services import user_create
from badges.tests.factories import make_badge, make_issuer
from portal.tests.browser import BROWSER_TEST, SCREENSHOTS, sign_in, violations

pytestmark = BROWSER_TEST

EMAIL = "maker@example.org"
PASSWORD = "a-long-passphrase-7"


@pytest.fixture
def badge(transactional_db):
    # Made before the browser starts: Playwright's event loop forbids ORM calls after.
    owner = user_create(email=EMAIL, password=PASSWORD, verified=True)
    return make_badge(make_issuer(owner=owner, name="Harbour College"), name="Knot Tying")


def preview_bytes(tab) -> bytes:
    """The preview image as the browser holds it (a blob: URL once the script has redrawn it)."""
    return bytes(
        tab.evaluate(
            """async () => {
                const src = document.querySelector("[data-studio-image]").src;
                const body = await (await fetch(src)).arrayBuffer();
                return Array.from(new Uint8Array(body));
            }"""
        )
    )


def test_an_issuer_designs_a_badge_sees_the_preview_follow_and_saves_it(
    live_server,
    badge,
    page,
):
    from playwright.sync_api import expect

    base = live_server.url
    sign_in(page, base, EMAIL, PASSWORD, submit="button[type=submit]")
    url = f"{base}/issue/{badge.issuer.entity_id}/badges/{badge.entity_id}/studio/"
    assert not violations(page, url)
    page.screenshot(path=SCREENSHOTS / "studio-open.png", full_page=True)
    first = preview_bytes(page)
    assert b"Knot Tying" in first, "a new design starts with the badge's name"

    status = page.locator("[data-studio-status]")
    page.get_by_label("Shield").check()  # keyboard-reachable radios named by their labels
    page.get_by_label("Icon", exact=True).select_option("compass")
    page.get_by_label("Along an arc").check()
    expect(status).to_have_text("Preview of your choices")
    page.wait_for_function(
        "() => document.querySelector('[data-studio-image]').src.startsWith('blob:')"
    )
    page.wait_for_timeout(600)  # the last debounced redraw
    changed = preview_bytes(page)
    assert changed != first and b"<textPath" in changed and b"<textPath" not in first
    page.screenshot(path=SCREENSHOTS / "studio-changed.png", full_page=True)

    text = page.get_by_label("Text on the badge")
    text.fill("x" * 30)
    expect(text).to_have_value("x" * 24)  # the field stops at the studio's limit
    text.fill("Knots & Splices")
    expect(status).to_have_text("Preview of your choices")
    page.keyboard.press("Tab")

    page.get_by_role("button", name="Save as the badge image").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("The new image of Knot Tying is saved.")
    expect(page.get_by_label("Shield")).to_be_checked()
    expect(page.get_by_label("Text on the badge")).to_have_value("Knots & Splices")
    page.screenshot(path=SCREENSHOTS / "studio-saved.png", full_page=True)
    page.locator("[data-studio-image]").screenshot(path=SCREENSHOTS / "studio-badge.png")
