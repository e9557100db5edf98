"""Awarding, revoking, resending and deleting in a real browser (headless Chromium): each form
once with input it refuses (the error shows, nothing is written) and once with valid input.
Every destructive action asks on a page of its own first. axe-core checks each page."""

import pytest

from accounts.tests.factories import UserFactory
from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer
from portal.tests.browser import BROWSER_TEST, axe_here, screenshots, sign_in, violations

pytestmark = BROWSER_TEST

PASSWORD = "correct horse battery staple"  # the factories' password


shot = screenshots("award")


def messages(tab) -> str:
    return tab.locator(".messages").inner_text()


def confirm(tab) -> str:
    """Confirm what the page asks about; the messages the next page shows."""
    tab.click(".confirm button[type=submit]")
    tab.wait_for_load_state()
    return messages(tab)


@pytest.fixture
def issuer(transactional_db):
    """Made before the browser starts: Playwright's loop makes later ORM calls refuse."""
    owner = UserFactory(email="dean@harbour.example")
    issuer = make_issuer(owner=owner, name="Harbour College")
    badge = make_badge(issuer, name="Sea Survival")
    make_badge(issuer, name="Night Sailing", draft=True)
    make_issuer(owner=owner, name="Empty Harbour")
    assertion_award(
        badge_class=badge, user=owner, recipient_identity="sailor@example.org", notify=False
    )
    return issuer


def test_an_issuer_awards_one_person_with_two_evidence_rows_then_resends_revokes_and_deletes(
    live_server,
    issuer,
    page,
):
    base = live_server.url
    found: list[str] = []
    badges_url = f"{base}/issue/{issuer.entity_id}/badges/"

    sign_in(page, base, "dean@harbour.example", PASSWORD)

    # The award page opens clean: no errors, one evidence row.
    page.goto(badges_url)
    page.click("tr:has-text('Sea Survival') a.button:has-text('Award')")
    page.wait_for_load_state()
    award_url = page.url
    found += violations(page, award_url)
    one = page.locator("form:has(input[name=mode][value=one])")
    assert "Please correct" not in page.content()
    assert one.locator("input[name=evidence-TOTAL_FORMS]").input_value() == "1"

    # Refused: a recipient that is not an email. The error shows; nothing is awarded.
    one.locator("input[name=recipient_identity]").fill("not-an-email")
    one.locator("input[name='evidence-0-url']").fill("https://video.example/first")
    one.locator("button[type=submit]").click()
    page.wait_for_load_state()
    one = page.locator("form:has(input[name=mode][value=one])")
    assert "Please correct the fields marked below." in one.inner_text()
    assert "valid email" in one.locator(".field .field-error").first.inner_text().lower()
    assert one.locator("input[name='evidence-0-url']").input_value() == (
        "https://video.example/first"
    )
    found += axe_here(page)  # the refused page as shown, errors and all

    # Valid: one person, two evidence rows (the second added with Add evidence).
    page.goto(award_url)
    one = page.locator("form:has(input[name=mode][value=one])")
    one.locator("input[name=recipient_identity]").fill("ada@example.org")
    one.locator("textarea[name=narrative]").fill("Swam 400 m in open water.")
    one.locator("input[name='evidence-0-url']").fill("https://video.example/swim")
    one.locator("input[name='evidence-0-narrative']").fill("The swim")
    one.locator("button[data-add-row=evidence]").click()
    one.locator("input[name='evidence-1-url']").fill("https://logbook.example/ada")
    one.locator("input[name='evidence-1-narrative']").fill("The logbook")
    assert one.locator("input[name=evidence-TOTAL_FORMS]").input_value() == "2"
    assert one.locator("input[name*=NaN]").count() == 0
    shot(page, "1-one-person-two-evidence")
    one.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Awarded Sea Survival to ada@example.org." in messages(page)
    awards_url = page.url.split("?")[0]
    row = page.locator("tr:has-text('ada@example.org')")
    assert "Live" in row.inner_text()
    row.locator("a:has-text('Page')").click()
    page.wait_for_load_state()
    evidence = page.locator("main").inner_text()
    assert "https://video.example/swim" in evidence and "The logbook" in evidence

    # Resend is its own action: no reason asked, a confirmation page, then sent.
    page.goto(awards_url)
    found += violations(page, awards_url)
    page.check("input[aria-label='Select the award to ada@example.org']")
    page.click("button:has-text('Send the award email again')")
    page.wait_for_load_state()
    found += violations(page, page.url)
    assert page.locator("input[name=reason]").count() == 0
    assert "ada@example.org" in page.locator(".confirm").inner_text()
    assert "The award email goes again to 1." in confirm(page)

    # Revoke or resend with nothing ticked: told to tick one.
    for button in ("Revoke selected", "Send the award email again"):
        page.click(f"button:has-text('{button}')")
        page.wait_for_load_state()
        assert "Tick at least one live award first." in messages(page)

    # Revoke asks for the reason on its confirmation page; without one, nothing is revoked.
    page.check("input[aria-label='Select the award to sailor@example.org']")
    page.click("button:has-text('Revoke selected')")
    page.wait_for_load_state()
    found += violations(page, page.url)
    shot(page, "2-revoke-confirm")
    page.click(".confirm button[type=submit]")
    page.wait_for_load_state()
    assert "This field is required." in page.locator(".confirm .field-error").inner_text()
    found += axe_here(page)
    page.fill("input[name=reason]", "Awarded to the wrong person")
    assert "Revoked 1 award(s)." in confirm(page)
    assert page.locator("tr:has-text('sailor@example.org')").count() == 0  # live ones listed
    page.goto(awards_url + "?show=revoked")
    assert "Awarded to the wrong person" in page.locator("table").inner_text()

    # Deleting a badge class with a live award is refused on its confirmation.
    page.goto(badges_url)
    page.click("a[aria-label='Delete Sea Survival']")
    page.wait_for_load_state()
    assert "Delete Sea Survival?" in page.locator("h1").inner_text()
    assert "Archive it instead" in confirm(page)
    assert page.locator("tr:has-text('Sea Survival')").count() == 1

    # Cancel leaves the draft; confirming deletes it.
    page.click("a[aria-label='Delete Night Sailing']")
    page.wait_for_load_state()
    found += violations(page, page.url)
    shot(page, "3-delete-confirm")
    page.click(".confirm a:has-text('Cancel')")
    page.wait_for_load_state()
    assert page.locator("tr:has-text('Night Sailing')").count() == 1
    page.click("a[aria-label='Delete Night Sailing']")
    page.wait_for_load_state()
    assert "Night Sailing was deleted." in confirm(page)
    assert page.locator("tr:has-text('Night Sailing')").count() == 0

    # The list and the CSV: refused (nothing to check, a bad row), then a good CSV awarded.
    page.goto(award_url)
    page.click("form:has(input[value=paste]) button[type=submit]")
    page.wait_for_load_state()
    paste = page.locator("form:has(input[name=mode][value=paste])")
    assert "This field is required." in paste.locator(".field .field-error").inner_text()
    csv = page.locator("form:has(input[name=mode][value=csv])")
    csv.locator("input[type=file]").set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": b"email\nnot-an-email\n"}]
    )
    csv.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "nothing will be awarded" in page.locator("main").inner_text()
    assert page.locator("button:has-text('Award 1 badge')").count() == 0
    found += axe_here(page)
    page.goto(award_url)
    csv = page.locator("form:has(input[name=mode][value=csv])")
    csv.locator("input[type=file]").set_input_files(
        files=[{"name": "good.csv", "mimeType": "text/csv", "buffer": b"email\nlin@example.org\n"}]
    )
    csv.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.click("button:has-text('Award 1 badge')")
    page.wait_for_load_state()
    page.locator("#job-awards").wait_for(state="visible")
    assert "1 awarded" in page.locator("#job-status").inner_text()

    # The pathway review email's link: the form is filled in; one submit awards.
    page.goto(
        award_url + "?recipient=grace@example.org&narrative=Completed+the+earning+pathway+Sea."
    )
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "4-prefilled-narrow")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("form:has(input[name=mode][value=one]) button[type=submit]").click()
    page.wait_for_load_state()
    assert "Awarded Sea Survival to grace@example.org." in messages(page)

    # An issuer that has awarded cannot be deleted; one that has not is, after the question.
    page.goto(f"{base}/issue/{issuer.entity_id}/settings/")
    page.click("a:has-text('Delete this issuer')")
    page.wait_for_load_state()
    found += violations(page, page.url)
    assert "has awarded badges" in confirm(page)
    page.goto(base + "/issue/")
    page.click("main a:has-text('Empty Harbour')")
    page.wait_for_load_state()
    page.click("nav.ws-tabs >> text=Settings")
    page.wait_for_load_state()
    page.click("a:has-text('Delete this issuer')")
    page.wait_for_load_state()
    assert "Delete Empty Harbour?" in page.locator("h1").inner_text()
    assert "Empty Harbour was deleted." in confirm(page)
    assert page.locator("main a:has-text('Empty Harbour')").count() == 0
    assert found == [], "\n".join(found)
