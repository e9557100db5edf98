"""The Content-Security-Policy in a real browser: no violation on the portal's pages, in the
Wagtail admin or on the API docs, and an inline script really is refused."""

import pytest

from accounts.services import user_create
from badges.tests.factories import make_badge, make_issuer
from portal.models import HomePage
from portal.tests.browser import LAPTOP, SCREENSHOTS, chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
# Injected by the browser driver itself, so the page's policy does not apply to it.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def site(transactional_db):
    # Made before the browser starts: Playwright's event loop forbids ORM calls after.
    editor = user_create(
        email="editor@example.org",
        password="a-long-passphrase-1",
        verified=True,
        is_staff=True,
        is_superuser=True,
    )
    badge = make_badge(make_issuer(editor))
    return {"badge": badge, "home": HomePage.objects.get()}


@pytest.fixture
def page():
    with chromium() as browser:
        page = browser.new_page(viewport=LAPTOP)
        page.add_init_script(RECORD_VIOLATIONS)
        page.console_messages = []
        page.on("console", lambda message: page.console_messages.append(message.text))
        yield page
        page.wait_for_load_state("networkidle")


def violations(page) -> list[str]:
    page.wait_for_load_state("networkidle")
    seen = page.evaluate("window.cspViolations")
    logged = [text for text in page.console_messages if "Content Security Policy" in text]
    return seen + logged


def test_no_page_of_the_portal_the_admin_or_the_api_docs_breaks_the_policy(live_server, site, page):
    from playwright.sync_api import expect

    url = live_server.url
    for path in ("/", "/discover/", f"/badges/{site['badge'].entity_id}/", "/accounts/login/"):
        page.goto(url + path)
        assert violations(page) == [], path
    # The site's colours come from the nonce'd <style>: it did apply.
    assert page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()"
    )

    page.goto(url + "/admin/")
    page.fill("input[name=username]", "editor@example.org")
    page.fill("input[name=password]", "a-long-passphrase-1")
    page.click("button[type=submit]")
    page.wait_for_url(url + "/admin/")
    for path in ("/admin/", "/admin/pages/", f"/admin/pages/{site['home'].pk}/edit/"):
        page.goto(url + path)
        assert violations(page) == [], path
    page.screenshot(path=SCREENSHOTS / "csp-wagtail-editor.png")

    page.goto(url + "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Laurel API")
    assert violations(page) == [], "/api/docs/"
    page.screenshot(path=SCREENSHOTS / "csp-api-docs.png")


def test_an_injected_inline_script_does_not_run_on_a_portal_page(live_server, site, page):
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injected = true";
          document.body.append(script);
        }"""
    )
    assert page.evaluate("window.injected === undefined")
    assert any("script-src" in seen for seen in violations(page))
