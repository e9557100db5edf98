"""The certificate PDF, read back by pypdf: its text, its attached credential, its refusals."""

import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from badges.openbadges.pdf import ASSERTION_URL_NAME, CREDENTIAL_NAME
from badges.openbadges.verify import verify_badge
from badges.own_documents import own_or_remote
from badges.services.awards import assertion_award, assertion_revoke
from badges.tests.factories import make_badge, make_issuer, png_bytes
from certificates.models import CertificateLayout
from certificates.render import certificate_pdf, preview_pdf

pytestmark = pytest.mark.django_db
EMAIL = "ada@example.org"


def learner(email: str = EMAIL, *, named: bool = True):
    return UserFactory(email=email, display_name="Ada Lovelace", show_name_publicly=named)


def award_to(email: str = EMAIL, **fields):
    badge = make_badge(make_issuer(name="University of Testing"), name="Marine Navigation")
    return assertion_award(
        badge_class=badge, user=None, notify=False, recipient_identity=email, **fields
    )


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_prints_earner_badge_issuer_and_dates_as_text():
    learner()
    expires = timezone.now() + timedelta(days=400)
    award = award_to(expires=expires)
    pdf = certificate_pdf(award)
    text = " ".join(text_of(pdf).split())
    assert "Ada Lovelace" in text
    assert "Marine Navigation" in text
    assert "University of Testing" in text
    assert award.issued_on.strftime("%B %Y") in text
    assert f"Valid until {expires.day} {expires.strftime('%B %Y')}" in text
    assert "Pass the final project." in text
    assert f"/awards/{award.entity_id}/" in text
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged


def test_a_learner_who_is_not_named_publicly_is_not_named_on_it():
    learner(named=False)
    text = text_of(certificate_pdf(award_to()))
    assert "Ada Lovelace" not in text and EMAIL not in text
    assert "holder of this award" in " ".join(text.split())


def test_the_attached_credential_verifies_and_the_2_0_url_is_attached():
    award = award_to()
    reader = PdfReader(io.BytesIO(certificate_pdf(award)))
    attached = reader.attachments
    credential = json.loads(attached[CREDENTIAL_NAME][0])
    assert "OpenBadgeCredential" in credential["type"]
    assert attached[ASSERTION_URL_NAME][0].decode().endswith(f"/assertions/{award.entity_id}")
    report = verify_badge(text=json.dumps(credential), fetch=own_or_remote)
    assert report.valid, [c.message for c in report.errors]


def test_the_pdf_itself_verifies_and_says_revoked_once_revoked(
    django_capture_on_commit_callbacks,
):
    award = award_to()
    pdf = certificate_pdf(award)
    report = verify_badge(image=pdf, recipients=[("email", EMAIL)], fetch=own_or_remote)
    assert report.valid, [c.message for c in report.errors]
    # The status list is published again once the revocation commits.
    with django_capture_on_commit_callbacks(execute=True):
        assertion_revoke(assertion=award, user=None, reason="Mistake.")
    report = verify_badge(image=pdf, fetch=own_or_remote)
    assert not report.valid and report.revoked


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\nnot really", b"%PDF-1.4\n" + b"x" * (11 * 1024 * 1024)],
    ids=["damaged", "huge"],
)
def test_a_bad_pdf_is_a_failed_check_not_an_exception(data):
    report = verify_badge(image=data, fetch=own_or_remote)
    assert not report.valid
    assert any(c.name == "pdf" for c in report.errors)


@pytest.mark.parametrize("design", ["classic", "modern"])
@pytest.mark.parametrize("paper", ["A4", "letter"])
@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_every_layout_is_one_page(design, paper, orientation):
    badge = make_badge(make_issuer())
    layout = CertificateLayout(
        badge_class=badge, design=design, paper=paper, orientation=orientation
    )
    reader = PdfReader(io.BytesIO(preview_pdf(badge, layout)))
    assert len(reader.pages) == 1
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (width > height) == (orientation == "landscape")
    assert round(min(width, height)) == (595 if paper == "A4" else 612)


def test_drawing_certificates_leaves_damaged_uploads_refused():
    """WeasyPrint's import turns on Pillow's truncated-image loading for the whole process."""
    from badges.images import ImageError, prepare_badge_image

    certificate_pdf  # noqa: B018  (imported above, so WeasyPrint is loaded)
    with pytest.raises(ImageError, match="damaged or truncated"):
        prepare_badge_image(png_bytes((300, 300))[:200])
