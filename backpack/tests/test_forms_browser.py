"""Every learner form of the backpack in a real browser, once with input it refuses and once
with input it takes: import, verify, collections and claim codes. A refusal is shown beside
the form and writes nothing; the page never turns into an error page."""

import pytest

from accounts.services import user_create
from backpack.models import BackpackEntry, Collection
from badges.services.claim_codes import claim_code_create
from badges.services.issuers import issuer_create
from badges.tests.factories import make_badge
from portal.tests.browser import SCREENSHOTS, sign_in, violations

EMAIL = "noor@example.org"
PASSWORD = "a-long-passphrase-7"


@pytest.fixture
def learner_and_code(transactional_db):
    """A verified learner and a claim code for a published badge, made before the browser
    starts (Playwright's event loop forbids ORM calls after)."""
    owner = user_create(email="owner@harbour.example", password=None, verified=True)
    issuer = issuer_create(
        user=owner, name="Harbour College", url="https://harbour.example", email=owner.email
    )
    badge = make_badge(issuer, name="Knots and Hitches")
    (code,) = claim_code_create(badge_class=badge, user=owner)
    user_create(email=EMAIL, password=PASSWORD, verified=True)
    return code.code


def field_errors(tab) -> list[str]:
    return [" ".join(text.split()) for text in tab.locator(".field-error").all_inner_texts()]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_learner_is_told_what_is_wrong_in_each_backpack_form_and_then_succeeds(
    live_server,
    learner_and_code,
    page,
    tmp_path,
):
    base = live_server.url
    found: list[str] = []
    sign_in(page, base, EMAIL, PASSWORD)

    # Import: a file that is not an image is refused with a reason, nothing is added.
    not_an_image = tmp_path / "notes.png"
    not_an_image.write_bytes(b"just some text, not a picture")
    page.goto(base + "/backpack/import/")
    page.set_input_files("input[name=image]", str(not_an_image))
    page.click(".source-form button[type=submit]")
    page.wait_for_load_state()
    refusal = page.locator(".message.error, .field-error").first.inner_text()
    assert "PNG" in refusal or "image" in refusal, refusal
    page.screenshot(path=SCREENSHOTS / "backpack-import-refused.png", full_page=True)

    # Verify: a page that is not a badge gets a report that says so, not an error page.
    page.goto(base + "/verify/")
    page.fill("input[name=url]", "not a web address")
    page.click(".source-form button[type=submit]")
    page.wait_for_load_state()
    assert field_errors(page), "a malformed address is refused beside its field"

    # Collections: a name is required; then one is made.
    page.goto(base + "/backpack/collections/")
    page.click(".collection-form button[type=submit]")
    page.wait_for_load_state()
    assert field_errors(page) == ["This field is required."]
    page.fill("input[name=name]", "Ropework")
    page.click(".collection-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Ropework"

    # Claim: a wrong code is refused; the right one gives the badge.
    page.goto(base + "/claim/")
    page.fill("input[name=code]", "WRONGCODE234")
    page.click(".claim-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".field-error, .message.error").count() >= 1
    page.screenshot(path=SCREENSHOTS / "backpack-claim-refused.png", full_page=True)
    page.fill("input[name=code]", learner_and_code)
    page.click(".claim-form button[type=submit]")
    page.wait_for_load_state()
    assert "Knots and Hitches" in page.locator("main").inner_text()
    found += violations(page, page.url)
    assert found == []


@pytest.mark.django_db
def test_the_refused_forms_wrote_nothing(client):
    """The same refusals through plain posts: no collection, no backpack item."""
    user = user_create(email=EMAIL, password=PASSWORD, verified=True)
    client.force_login(user)
    response = client.post("/backpack/collections/", {"action": "save", "name": ""})
    assert response.status_code in (200, 400)
    assert b"This field is required." in response.content
    response = client.post("/claim/", {"code": "WRONGCODE234"})
    assert response.status_code in (200, 400, 404)
    assert not Collection.objects.exists() and not BackpackEntry.objects.exists()
