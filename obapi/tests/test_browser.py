"""The learner's side of the standard APIs in a real browser (headless Chromium): the consent
page names the client with its logo and site, and the apps-with-access page withdraws it.
axe-core checks both pages."""

import secrets

import pytest
import requests

from badges.tests.factories import png_bytes
from portal.tests.browser import BROWSER_TEST, axe_here, screenshots, sign_in

from .conftest import OB3, register, session_for

pytestmark = BROWSER_TEST

EMAIL, PASSWORD = "ada@example.org", "a-long-passphrase-7"
READ = OB3 + "credential.readonly"
shot = screenshots("obapi")


@pytest.fixture
def ada(transactional_db, settings, live_server):
    from accounts.services import user_create

    settings.LAUREL_BASE_URL = live_server.url
    return user_create(email=EMAIL, password=PASSWORD, verified=True)


def test_a_learner_allows_an_lms_on_the_consent_page_and_withdraws_it_later(live_server, ada, page):
    base = live_server.url
    registration = register(base, [READ])
    oauth = session_for(registration, [READ])
    verifier = secrets.token_urlsafe(48)
    url, _ = oauth.create_authorization_url(f"{base}/o/authorize/", code_verifier=verifier)
    # The client's own site, played by the browser's router (no network here).
    page.route(
        "https://lms.example/logo.png",
        lambda route: route.fulfill(body=png_bytes(), content_type="image/png"),
    )
    page.route(
        "https://lms.example/callback*",
        lambda route: route.fulfill(body="<title>LMS</title>connected", content_type="text/html"),
    )

    sign_in(page, base, EMAIL, PASSWORD)
    page.goto(url)
    assert page.locator("h1").inner_text() == "Allow Example LMS?"
    assert page.locator(".client-identity a").first.inner_text() == "lms.example"
    assert page.locator('.client-identity img[alt="Example LMS logo"]').count() == 1
    assert "See the badges in your Laurel backpack" in page.content()
    found = axe_here(page)
    shot(page, "consent")
    page.click("button[name=allow]")
    page.wait_for_url("https://lms.example/callback*")
    token = oauth.fetch_token(
        f"{base}/o/token", authorization_response=page.url, code_verifier=verifier
    )
    assert oauth.get(f"{base}/ims/ob/v3p0/credentials").status_code == 200

    page.goto(f"{base}/accounts/apps/")
    assert "Example LMS" in page.content()
    found += axe_here(page)
    shot(page, "apps")
    page.click("text=Withdraw access from Example LMS")
    page.wait_for_load_state()
    assert "Example LMS no longer has access to your account." in page.content()
    assert page.locator("text=Withdraw access from Example LMS").count() == 0
    found += axe_here(page)
    assert found == []
    assert (
        requests.get(
            f"{base}/ims/ob/v3p0/credentials",
            headers={"Authorization": f"Bearer {token['access_token']}"},
            timeout=10,
        ).status_code
        == 401
    )
