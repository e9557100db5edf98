"""An invitation in a real browser (headless Chromium): an owner invites (a wrong address
first), the invitee signs in, accepts, and finds the issuer in their workspace."""

import re

import pytest
from django.core import mail

from accounts.services import user_create
from badges.tests.factories import make_issuer
from portal.tests.browser import BROWSER_TEST, SCREENSHOTS, sign_in, violations

pytestmark = BROWSER_TEST

PASSWORD = "a-long-passphrase-8"


@pytest.fixture
def issuer(transactional_db):
    """Made before the browser starts (Playwright's loop would make the database calls async)."""
    owner = user_create(email="dean@harbour.example", password=PASSWORD, verified=True)
    user_create(email="tutor@harbour.example", password=PASSWORD, verified=True)
    return make_issuer(owner=owner, name="Harbour College")


def test_an_owner_invites_and_the_invitee_accepts_and_sees_the_issuer(
    issuer,
    live_server,
    page,
):
    base = live_server.url

    sign_in(page, base, "dean@harbour.example", PASSWORD)
    page.goto(f"{base}/issue/{issuer.entity_id}/staff/")
    page.fill("input[name=email]", "tutor at harbour")
    page.click("section.panel form button[type=submit]")
    page.wait_for_load_state()
    assert "Enter a valid email address" in page.content()
    page.fill("input[name=email]", "tutor@harbour.example")
    page.select_option("section.panel select[name=role]", "editor")
    page.click("section.panel form button[type=submit]")
    page.wait_for_load_state()
    assert "tutor@harbour.example is invited" in page.locator(".messages").inner_text()

    (message,) = [m for m in mail.outbox if m.to == ["tutor@harbour.example"]]
    link = re.search(r"https?://\S+/issue/invitations/\S+/", message.body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    page.context.clear_cookies()
    sign_in(page, base, "tutor@harbour.example", PASSWORD)
    page.goto(base + "/issue/")
    assert page.locator(".card-grid").count() == 0  # not a member yet
    assert page.locator("text=accept or decline").count() == 1
    found = violations(page, base + path)
    page.screenshot(path=SCREENSHOTS / "workspace-invitation.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=SCREENSHOTS / "workspace-invitation-mobile.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.click("text=Accept and join")
    page.wait_for_load_state()
    assert "You joined Harbour College as editor" in page.locator(".messages").inner_text()
    page.goto(base + "/issue/")
    assert page.locator(".card-grid", has_text="Harbour College").count() == 1
    assert found == [], found
