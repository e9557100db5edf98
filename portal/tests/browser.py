"""What the browser tests share: Chromium, screenshots, signing up and in, axe-core.

The root conftest loads this module as a plugin, so every test may ask for its `page` fixture
(a headless Chromium tab at laptop size). axe-core checks WCAG 2 A/AA rules."""

import contextlib
import re
from pathlib import Path

import pytest
from django.core import mail

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
# Every browser test's marks; serialized_rollback: the Wagtail site and pages made by
# migrations survive between tests.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@contextlib.contextmanager
def chromium():
    """A headless Chromium, closed afterwards; the screenshots folder exists."""
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page():
    with chromium() as browser:
        yield browser.new_page(viewport=LAPTOP)


def screenshot(tab, name: str, *, phone: bool = False) -> None:
    """The whole page as SCREENSHOTS/<name>.png; with phone, also as it looks on a phone."""
    tab.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    if phone:
        tab.set_viewport_size(PHONE)
        tab.screenshot(path=SCREENSHOTS / f"{name}-phone.png", full_page=True)
        tab.set_viewport_size(LAPTOP)


def screenshots(prefix: str, *, phone: bool = False):
    """A test module's shot(tab, name): screenshot() under the name <prefix>-<name>."""

    def shot(tab, name: str) -> None:
        screenshot(tab, f"{prefix}-{name}", phone=phone)

    return shot


def fill_sign_in(tab, email: str, password: str, submit: str = "form button[type=submit]"):
    """Answer the sign-in form the tab shows and send it."""
    tab.fill("input[name=login]", email)
    tab.fill("input[name=password]", password)
    tab.click(submit)


def sign_in(tab, base: str, email: str, password: str, **kwargs) -> None:
    tab.goto(base + "/accounts/login/")
    fill_sign_in(tab, email, password, **kwargs)
    tab.wait_for_load_state()


def sign_up_and_confirm(tab, base: str, email: str, password: str) -> None:
    """Sign up, then follow the link of the confirmation email and confirm the address."""
    tab.goto(base + "/accounts/signup/")
    tab.fill("input[name=email]", email)
    tab.fill("input[name=password1]", password)
    tab.fill("input[name=password2]", password)
    tab.click("form button[type=submit]")
    tab.wait_for_load_state()
    tab.goto(confirmation_url(base))
    tab.click("form button[type=submit]")
    tab.wait_for_load_state()


def confirmation_url(base: str) -> str:
    """The confirmation link of the last email sent, on the live server at base."""
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    return base + "/" + link.split("://", 1)[1].split("/", 1)[1]


def axe_here(tab, where: str | None = None) -> list[str]:
    """axe-core's violations on the page as it stands (a form answered with errors, an open
    menu), each led by where (the page's URL unless given; nothing when "")."""
    from axe_playwright_python.sync_playwright import Axe

    where = tab.url if where is None else where
    return [
        f"{where + ': ' if where else ''}{rule['id']} ({rule['impact']}) {rule['help']}: "
        f"{node['html'][:120]}"
        for rule in Axe().run(tab).response["violations"]
        for node in rule["nodes"]
    ]


def violations(tab, url: str) -> list[str]:
    """axe-core's violations on the page at url, loaded afresh."""
    tab.goto(url)
    tab.wait_for_load_state("networkidle")
    return axe_here(tab, url)
