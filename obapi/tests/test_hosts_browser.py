"""Connecting another Open Badges 3.0 backpack and sending an award to it, in a real browser
(headless Chromium): the host is this live Laurel itself, reached over HTTP. Each form is
submitted and axe-core checks each page."""

import pytest

from portal.tests.browser import BROWSER_TEST, axe_here, screenshots, sign_in

pytestmark = BROWSER_TEST

EMAIL, PASSWORD = "ada@example.org", "a-long-passphrase-7"
shot = screenshots("obapi-hosts")


@pytest.fixture
def award(transactional_db, settings, live_server):
    from accounts.services import user_create
    from badges.services.awards import assertion_award
    from badges.tests.factories import make_badge, make_issuer

    base = live_server.url.replace("localhost", "127.0.0.1")
    settings.LAUREL_BASE_URL = base
    settings.LAUREL_FETCH_ALLOWED_HOSTS = [base.removeprefix("http://")]
    user_create(email=EMAIL, password=PASSWORD, verified=True)
    return assertion_award(
        badge_class=make_badge(make_issuer(), name="First Aid"),
        user=None,
        notify=False,
        recipient_identity=EMAIL,
    )


def test_a_learner_connects_another_backpack_sends_an_award_and_disconnects(
    live_server, settings, award, page
):
    base = settings.LAUREL_BASE_URL
    sign_in(page, base, EMAIL, PASSWORD)
    page.goto(f"{base}/accounts/backpacks/")
    found = axe_here(page)
    page.fill("#id_base_url", base)
    page.click("form.account-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Allow ")
    page.click("button[name=allow]")
    page.wait_for_url(f"{base}/accounts/backpacks/")
    assert "is connected" in page.content()
    found += axe_here(page)
    shot(page, "connected")

    page.goto(f"{base}/backpack/badges/{award.entity_id}/")
    page.click("text=Send to my backpack at")
    page.wait_for_load_state()
    assert "Sent to " in page.content()
    found += axe_here(page)
    shot(page, "sent")

    page.goto(f"{base}/accounts/backpacks/")
    page.click("button:has-text('Disconnect')")
    page.wait_for_load_state()
    assert "is disconnected" in page.content()
    assert found == []
