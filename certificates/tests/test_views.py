"""Certificate pages: the downloads (learner, issuer staff, revoked), the layout editor and its
preview, the QR code read back from the rendered page, and /verify/ and import taking the PDF."""

import io
import subprocess

import pytest
import zxingcpp
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from backpack.models import Acceptance
from backpack.services import backpack_acceptance_set
from badges.models import Role
from badges.services.awards import assertion_award, assertion_revoke
from badges.services.issuers import issuer_staff_add
from badges.tests.factories import SVG_BADGE, make_badge, make_issuer, png_bytes
from certificates.models import CertificateLayout

pytestmark = pytest.mark.django_db
EMAIL = "ada@example.org"


@pytest.fixture
def ada():
    return UserFactory(email=EMAIL, display_name="Ada Lovelace", show_name_publicly=True)


@pytest.fixture
def owner():
    return UserFactory(email="owner@example.org")


@pytest.fixture
def award(ada, owner):
    badge = make_badge(make_issuer(owner, name="University of Testing"), name="Knots")
    return assertion_award(badge_class=badge, user=None, notify=False, recipient_identity=EMAIL)


def learner_url(award) -> str:
    return reverse("certificates:learner", args=[award.entity_id])


def staff_url(award) -> str:
    return reverse(
        "certificates:award",
        args=[award.issuer.entity_id, award.badge_class.entity_id, award.entity_id],
    )


def layout_url(badge) -> str:
    return reverse("certificates:layout", args=[badge.issuer.entity_id, badge.entity_id])


def pdf_of(response) -> bytes:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_learner_downloads_it_from_the_backpack_and_nobody_else_can(client, ada, award):
    client.force_login(ada)
    page = client.get(reverse("backpack:badge", args=[award.entity_id])).content.decode()
    assert learner_url(award) in page
    response = client.get(learner_url(award))
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('knots-certificate.pdf"')
    assert "Ada Lovelace" in PdfReader(io.BytesIO(pdf_of(response))).pages[0].extract_text()
    client.force_login(UserFactory(email="eve@example.org"))
    assert client.get(learner_url(award)).status_code == 404
    client.logout()
    assert client.get(learner_url(award)).status_code == 302  # to sign in


def test_issuer_staff_download_it_from_the_awards_list(client, owner, award):
    client.force_login(owner)
    awards = reverse("workspace:awards", args=[award.issuer.entity_id, award.badge_class.entity_id])
    assert staff_url(award) in client.get(awards).content.decode()
    pdf_of(client.get(staff_url(award)))
    client.force_login(UserFactory(email="stranger@example.org"))
    assert client.get(staff_url(award)).status_code == 404


def test_a_revoked_award_has_no_certificate(client, ada, owner, award):
    assertion_revoke(assertion=award, user=None, reason="Mistake.")
    client.force_login(ada)
    response = client.get(learner_url(award))
    assert response.status_code == 410 and b"revoked" in response.content
    client.force_login(owner)
    assert client.get(staff_url(award)).status_code == 410


def test_the_qr_code_decodes_to_the_verify_page_of_that_award(client, ada, award, tmp_path):
    client.force_login(ada)
    (tmp_path / "c.pdf").write_bytes(pdf_of(client.get(learner_url(award))))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-singlefile", tmp_path / "c.pdf", tmp_path / "page"],
        check=True,
    )
    found = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert [code.format.name for code in found] == ["QRCode"]
    url = found[0].text
    assert url.endswith(f"/awards/{award.entity_id}/")
    client.logout()
    page = client.get(url.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    assert page.status_code == 200 and b"Knots" in page.content
    assertion_revoke(assertion=award, user=None, reason="Mistake.")
    assert client.get(f"/awards/{award.entity_id}/").status_code == 410


def test_the_issuer_edits_the_layout_and_previews_it(client, owner, award):
    badge = award.badge_class
    client.force_login(owner)
    assert client.get(layout_url(badge)).status_code == 200
    preview = reverse("certificates:preview", args=[badge.issuer.entity_id, badge.entity_id])
    unsaved = client.get(
        preview, {"design": "modern", "paper": "letter", "orientation": "portrait",
                  "accent_colour": "#8a1538"},
    )  # fmt: skip
    box = PdfReader(io.BytesIO(pdf_of(unsaved))).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)
    assert not CertificateLayout.objects.exists()
    shown = {"design": "modern", "paper": "A4", "orientation": "landscape"}
    html = client.get(preview, {"format": "html", "accent_colour": "#8a1538", **shown})
    assert html.status_code == 200 and b"Certificate of Achievement" in html.content
    assert b"width: 297.0mm" in html.content and b"#8a1538" in html.content
    assert "frame-ancestors 'self'" in html["Content-Security-Policy"]
    response = client.post(
        layout_url(badge),
        {
            "design": "modern",
            "paper": "letter",
            "orientation": "landscape",
            "accent_colour": "#8a1538",
            "signatory_name": "Grace Hopper",
            "signatory_title": "Dean",
            "signature_image": SimpleUploadedFile("sig.svg", SVG_BADGE, "image/svg+xml"),
        },
    )
    assert response.status_code == 302
    layout = CertificateLayout.objects.get(badge_class=badge)
    assert (layout.design, layout.paper, layout.accent_colour) == ("modern", "letter", "#8a1538")
    assert layout.signature_image.name.endswith(".svg")
    text = PdfReader(io.BytesIO(pdf_of(client.get(staff_url(award))))).pages[0].extract_text()
    assert "Grace Hopper" in text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("accent_colour", "red", "#rrggbb"),
        (
            "signature_image",
            SimpleUploadedFile("sig.gif", b"GIF89a....", "image/gif"),
            "PNG or SVG",
        ),
        ("signature_image", SimpleUploadedFile("s.png", png_bytes() + b"x" * 2_200_000), "2 MiB"),
    ],
    ids=["colour", "not-an-image", "too-big"],
)
def test_bad_layout_input_is_a_form_error(client, owner, award, field, value, message):
    client.force_login(owner)
    data = {"design": "classic", "paper": "A4", "orientation": "landscape",
            "accent_colour": "#1f3a5f", field: value}  # fmt: skip
    response = client.post(layout_url(award.badge_class), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CertificateLayout.objects.exists()


def test_staff_without_the_edit_right_cannot_change_the_layout(client, award):
    staff = UserFactory()
    issuer_staff_add(issuer=award.issuer, user=None, member=staff, role=Role.STAFF)
    client.force_login(staff)
    assert client.get(layout_url(award.badge_class)).status_code == 403


def upload(pdf: bytes, name: str = "certificate.pdf"):
    return SimpleUploadedFile(name, pdf, "application/pdf")


def test_verify_takes_the_certificate_pdf(client, ada, award):
    client.force_login(ada)
    pdf = pdf_of(client.get(learner_url(award)))
    client.logout()
    page = client.post(reverse("backpack:verify"), {"image": upload(pdf)}).content.decode()
    assert "The PDF carries a badge as an attached file." in page
    assert "Knots" in page


@pytest.mark.parametrize(
    ("pdf", "message"),
    [
        (b"%PDF-1.7\n%%EOF garbage", "damaged"),
        (b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1), "at most 10 MiB"),
    ],
    ids=["damaged", "huge"],
)
def test_a_bad_pdf_is_a_form_error_on_verify(client, pdf, message):
    response = client.post(reverse("backpack:verify"), {"image": upload(pdf)})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_pdf_without_a_badge_is_a_form_error(client, owner, award):
    client.force_login(owner)
    preview = reverse(
        "certificates:preview", args=[award.issuer.entity_id, award.badge_class.entity_id]
    )
    no_badge = pdf_of(client.get(preview))  # a sample: nothing attached
    response = client.post(reverse("backpack:verify"), {"image": upload(no_badge)})
    assert response.status_code == 400
    assert "carries no badge" in response.content.decode()


def test_import_of_the_certificate_is_refused_to_another_learner_and_taken_by_its_own(
    client, ada, award
):
    client.force_login(ada)
    pdf = pdf_of(client.get(learner_url(award)))
    client.force_login(UserFactory(email="eve@example.org"))
    refused = client.post(reverse("backpack:import"), {"image": upload(pdf)})
    assert refused.status_code == 400
    assert "The badge was awarded to someone else" in refused.content.decode()
    # Ada declined the award once; importing her certificate takes it back into her backpack.
    backpack_acceptance_set(user=ada, assertion=award, acceptance=Acceptance.REJECTED)
    client.force_login(ada)
    taken = client.post(reverse("backpack:import"), {"image": upload(pdf)})
    assert taken.status_code == 302, taken.content.decode()[:2000]
