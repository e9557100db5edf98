"""The certificate layout editor in a real browser (headless Chromium): a refused signature,
then a saved layout, and the award's certificate downloaded from the awards list in it."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from badges.services.awards import assertion_award
from badges.tests.factories import SVG_BADGE, make_badge, make_issuer
from portal.tests.browser import BROWSER_TEST, axe_here, screenshots, sign_in, violations

pytestmark = BROWSER_TEST

PASSWORD = "correct horse battery staple"  # the factories' password
shot = screenshots("certificate", phone=True)


@pytest.fixture
def issuer(transactional_db):
    """Made before the browser starts: Playwright's loop makes later ORM calls refuse."""
    owner = UserFactory(email="dean@harbour.example")
    UserFactory(email="sailor@example.org", display_name="Mary Read", show_name_publicly=True)
    issuer = make_issuer(owner=owner, name="Harbour College")
    badge = make_badge(issuer, name="Sea Survival")
    assertion_award(
        badge_class=badge, user=owner, recipient_identity="sailor@example.org", notify=False
    )
    return issuer


def test_an_issuer_designs_the_certificate_and_downloads_one(live_server, issuer, page, tmp_path):
    base = live_server.url
    found: list[str] = []
    sign_in(page, base, "dean@harbour.example", PASSWORD)
    page.goto(f"{base}/issue/{issuer.entity_id}/badges/")
    page.click("tr:has-text('Sea Survival') a.button:has-text('Certificate')")
    page.wait_for_load_state()
    layout_url = page.url
    found += violations(page, layout_url)
    src = page.locator("iframe.certificate-preview").get_attribute("src")
    preview = page.request.get(base + src.replace("format=html", "format=pdf"))
    assert preview.headers["content-type"] == "application/pdf"

    # Refused: a signature that is no image. The error shows beside the field.
    (tmp_path / "sig.txt").write_text("not an image")
    page.set_input_files("input[name=signature_image]", str(tmp_path / "sig.txt"))
    page.click("button:has-text('Save the layout')")
    page.wait_for_load_state()
    assert "PNG or SVG" in page.locator(".field.has-error .field-error").inner_text()
    found += axe_here(page)

    # Saved: the modern design on US Letter, a colour, a signatory and an SVG signature.
    page.check("input[name=design][value=modern]")
    page.select_option("select[name=paper]", "letter")
    page.select_option("select[name=orientation]", "landscape")
    page.fill("input[name=accent_colour]", "#8a1538")
    page.fill("input[name=signatory_name]", "Anne Bonny")
    page.fill("input[name=signatory_title]", "Principal")
    (tmp_path / "sig.svg").write_bytes(SVG_BADGE)
    page.set_input_files("input[name=signature_image]", str(tmp_path / "sig.svg"))
    page.click("button:has-text('Save the layout')")
    page.wait_for_load_state()
    assert "certificate layout of Sea Survival is saved" in page.locator(".messages").inner_text()
    assert page.locator("input[name=design][value=modern]").is_checked()
    frame = page.frame_locator("iframe.certificate-preview")
    assert frame.locator("header.band").is_visible()  # the saved, modern design
    shot(page, "layout")

    # Preview without saving: the classic design shows in the frame; the saved one stays.
    page.check("input[name=design][value=classic]")
    page.click("button:has-text('Preview without saving')")
    frame.locator("main.frame h1").wait_for()
    assert frame.locator("header.band").count() == 0
    assert "Anne Bonny" in frame.locator(".sign").inner_text()
    page.goto(layout_url)
    assert page.locator("input[name=design][value=modern]").is_checked()

    # The award's certificate, from the awards list, is in the saved layout.
    page.goto(f"{base}/issue/{issuer.entity_id}/badges/")
    page.click("tr:has-text('Sea Survival') a.button:has-text('Awards')")
    page.wait_for_load_state()
    with page.expect_download() as download:
        page.click("a:has-text('Certificate (PDF)')")
    pdf = Path(download.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Mary Read" in text and "Anne Bonny" in text and "Sea Survival" in text
    assert round(reader.pages[0].mediabox.width) == 792  # US Letter, landscape
    assert found == []
