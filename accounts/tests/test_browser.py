"""Signing up and the profile in a real browser (headless Chromium): a visitor starts from a
badge's *Apply* button, signs up, confirms the email from the message sent, and is back on the
application form, signed in; then sets a display name and photo. axe-core checks each page."""

import pytest
from django.core import mail

from badges.tests.factories import png_bytes
from portal.tests.browser import (
    BROWSER_TEST,
    axe_here,
    confirmation_url,
    screenshots,
    sign_in,
    violations,
)

pytestmark = BROWSER_TEST

EMAIL, PASSWORD = "newcomer@example.org", "a-long-passphrase-7"


@pytest.fixture
def applying_badge(transactional_db):
    """Made before the browser starts (Playwright's event loop forbids ORM calls after)."""
    from badges.tests.factories import make_applying_badge, make_issuer

    return make_applying_badge(make_issuer(name="Harbour College"), name="Coastal Navigation")


@pytest.fixture
def grace(transactional_db):
    from accounts.services import user_create

    return user_create(email=EMAIL, password=PASSWORD, verified=True)


shot = screenshots("accounts", phone=True)


def test_a_visitor_signs_up_from_a_badge_s_application_and_lands_back_on_its_form(
    live_server,
    applying_badge,
    page,
):
    base, found = live_server.url, []
    apply_path = f"/backpack/apply/{applying_badge.entity_id}/"

    page.goto(f"{base}/badges/{applying_badge.entity_id}/")
    page.click("text=Apply for this badge")
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url and "next=" in page.url
    page.click("main >> text=sign up")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Create an account"
    signup_url = page.url
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", "a different one")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".field-error").count() >= 1  # the mismatch, by its field
    found += axe_here(page)
    shot(page, "1-signup-error")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Verify your email address"
    found += violations(page, page.url)

    [message] = mail.outbox
    assert message.to == [EMAIL] and message.subject == "[Laurel] Confirm your email address"
    confirm = confirmation_url(base)
    found += violations(page, confirm)
    shot(page, "2-confirm")
    page.click("main button[type=submit]")
    page.wait_for_load_state()

    assert page.url == base + apply_path  # back where the visitor started, signed in
    assert "Coastal Navigation" in page.inner_text("main")
    assert page.locator("textarea[name=reflection_0]").count() == 1
    assert page.locator("form[action='/accounts/logout/']").count() >= 1  # signed in
    found += violations(page, signup_url)  # signed in now: the sign-up page sends them on
    assert not found, "\n".join(found)


def test_a_learner_sets_a_display_name_and_photo_and_a_document_is_refused(
    live_server,
    grace,
    page,
):
    base = live_server.url
    sign_in(page, base, EMAIL, PASSWORD, submit="main button[type=submit]")
    assert page.url == base + "/dashboard/"  # a first sign-in lands on the dashboard

    page.goto(base + "/accounts/profile/")
    page.fill("input[name=display_name]", "Grace Hopper")
    page.set_input_files(
        "input[name=photo]",
        {"name": "cv.png", "mimeType": "image/png", "buffer": b"%PDF-1.7 a document"},
    )
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    error = page.locator("#id_photo_error")
    assert "This file is not a photo" in error.inner_text()
    assert "id_photo_error" in page.get_attribute("#id_photo", "aria-describedby")
    found = axe_here(page)
    shot(page, "3-profile-error")

    page.fill("input[name=display_name]", "Grace Hopper")
    page.set_input_files(
        "input[name=photo]", {"name": "me.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "Your profile is saved." in page.inner_text(".messages")
    assert page.input_value("input[name=display_name]") == "Grace Hopper"
    assert page.locator("img.profile-photo").evaluate("img => img.naturalWidth") == 256
    found += violations(page, page.url)
    shot(page, "4-profile")
    assert not found, "\n".join(found)
