"""An owner sets up a webhook in a real browser (headless Chromium): adds an endpoint served by
the test, reads its secret, sends a test message that arrives signed, and reads the log.
axe-core checks both pages."""

import pytest
from django.test import Client
from standardwebhooks import Webhook

from accounts.tests.factories import UserFactory
from badges.tests.factories import make_issuer
from portal.tests.browser import BROWSER_TEST, SCREENSHOTS, violations
from webhooks.tests.webhook_receiver import webhook_receiver

pytestmark = BROWSER_TEST


@pytest.fixture
def owner_session(transactional_db, settings):
    """An issuer's owner signed in, and a receiver for the endpoint: made before the browser
    starts (Playwright's event loop forbids ORM calls after)."""
    owner = UserFactory(email="owner@harbour.example")
    issuer = make_issuer(owner=owner, name="Harbour College")
    session = Client()
    session.force_login(owner)
    with webhook_receiver(settings, timeout=2.0) as receiver:
        yield issuer.entity_id, session.cookies["sessionid"].value, receiver


def test_an_owner_adds_an_endpoint_and_sees_the_test_message_arrive(
    live_server,
    owner_session,
    page,
):
    issuer_id, session_id, receiver = owner_session
    page.context.add_cookies([{"name": "sessionid", "value": session_id, "url": live_server.url}])
    found: list[str] = []
    found += violations(page, f"{live_server.url}/issue/{issuer_id}/webhooks/")
    page.fill("input[name=url]", "http://10.0.0.5/hooks")
    page.click("form.ws-form button[type=submit]")
    page.wait_for_load_state()
    assert "a private address" in page.locator("#id_url-error").inner_text()
    page.fill("input[name=url]", receiver.url())
    page.fill("input[name=description]", "Our CRM")
    page.get_by_label("badgeclass.updated").uncheck()
    page.screenshot(path=SCREENSHOTS / "webhooks-1-add.png", full_page=True)
    page.click("form.ws-form button[type=submit]")
    page.wait_for_load_state()
    assert "/webhooks/" in page.url and page.locator("#id_events_4").is_checked() is False
    page.click("text=Show the secret")
    secret = page.locator("#webhook-secret").inner_text()
    assert secret.startswith("whsec_")
    page.click("button[value=ping]")
    page.wait_for_load_state()
    (request,) = receiver.wait(1)
    assert Webhook(secret).verify(request.body, request.headers)["type"] == "ping"
    page.click("text=1 logged, last HTTP 200")
    assert "thanks" in page.locator("#log-heading + table").inner_text()
    page.screenshot(path=SCREENSHOTS / "webhooks-2-endpoint.png", full_page=True)
    found += violations(page, page.url)
    endpoint_url = page.url
    # Deleting asks first on a page of its own; Cancel keeps the endpoint.
    page.click("text=Delete this endpoint")
    page.wait_for_load_state()
    found += violations(page, page.url)
    assert receiver.url() in page.locator(".confirm").inner_text()
    page.click(".confirm a:has-text('Cancel')")
    page.wait_for_load_state()
    assert page.url == endpoint_url
    page.click("text=Delete this endpoint")
    page.wait_for_load_state()
    page.click(".confirm button[type=submit]")
    page.wait_for_load_state()
    assert "is deleted" in page.locator(".messages").inner_text()
    assert page.locator(f"table a:has-text('{receiver.url()}')").count() == 0
    assert found == []
