"""What a person sees in a real browser: headless Chromium driven by Playwright."""

from pathlib import Path

import pytest

from accounts.services import user_create
from conftest import chromium_path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 800})
        finally:
            browser.close()


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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
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
