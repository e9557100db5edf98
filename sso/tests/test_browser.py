"""The sign-in page with institutions, in a real browser (headless Chromium): institutions come
first, the search box narrows them, axe finds nothing, and choosing one signs in through the
test OpenID Provider (panva's oidc-provider)."""

import pytest

from portal.tests.browser import BROWSER_TEST, axe_here, screenshots
from sso.models import Institution
from sso.services import institution_save
from sso.tests.oidc_op import institution

pytestmark = BROWSER_TEST
shot = screenshots("sso", phone=True)


@pytest.fixture
def institutions(op, settings):
    """Made before the browser starts (Playwright's event loop forbids ORM calls after)."""
    settings.LAUREL_SSO_SEARCH_FROM = 2
    institution(op)
    institution_save(
        institution=Institution(
            slug="harbour",
            name="Harbour College",
            keywords="harbour.example",
            protocol="oidc",
            discovery_url="https://login.harbour.example",
            client_id="laurel",
        )
    )


def test_the_sign_in_page_offers_institutions_first_and_signs_in_through_one(
    live_server, institutions, page
):
    page.goto(live_server.url + "/accounts/login/")
    page.wait_for_load_state("networkidle")
    shot(page, "sign-in-institutions")

    heading = page.get_by_role("heading", name="Sign in with your institution")
    assert heading.is_visible()
    # The institutions come before the email and password form.
    assert page.evaluate(
        "document.querySelector('.institutions').compareDocumentPosition("
        "document.querySelector('input[name=password]')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    assert axe_here(page) == []

    page.fill("#institution-search", "harbour.ex")
    assert page.get_by_role("link", name="Harbour College").is_visible()
    assert not page.get_by_role("link", name="University of Example").is_visible()
    page.fill("#institution-search", "nowhere")
    assert page.get_by_text("No institution matches").is_visible()
    assert axe_here(page) == []
    page.fill("#institution-search", "univ")

    page.get_by_role("link", name="University of Example").click()
    page.wait_for_load_state()
    assert page.title() == "Test OP sign-in"
    page.fill("input[name=login]", "ada")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/dashboard/")
    shot(page, "signed-in-dashboard")
