"""Page 1 of a certificate in each design, paper and orientation, drawn by pdftoppm
(poppler-utils) into var/screenshots/certificate-page-<design>-<paper>-<orientation>.png, to look
at; the QR code on each drawing still decodes (zxing-cpp) to the award's verify page."""

import subprocess

import pytest
import zxingcpp
from django.conf import settings
from PIL import Image

from accounts.tests.factories import UserFactory
from badges.services.awards import assertion_award
from badges.services.endorsements import endorsement_create
from badges.tests.factories import SVG_BADGE, make_badge, make_issuer
from certificates.models import CertificateLayout
from certificates.render import certificate_pdf
from portal.tests.browser import SCREENSHOTS

pytestmark = pytest.mark.django_db
CRITERIA = (
    "Plan and sail a 40-mile coastal passage by day and by night with paper charts, tidal "
    "streams and a steering compass, and keep the ship's log of it."
)


@pytest.mark.parametrize("design", ["classic", "modern"])
@pytest.mark.parametrize("paper", ["A4", "letter"])
@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_each_layout_draws_a_certificate_page(design, paper, orientation, tmp_path):
    UserFactory(email="ada@example.org", display_name="Ada Lovelace", show_name_publicly=True)
    issuer = make_issuer(name="University of Testing", image=SVG_BADGE, image_name="logo.svg")
    badge = make_badge(issuer, name="Marine Navigation", criteria_narrative=CRITERIA)
    board = UserFactory(email="board@example.org")
    endorser = make_issuer(owner=board, name="Royal Yachting Board")
    endorsement_create(endorser=endorser, user=board, target=badge, comment="Sound.")
    CertificateLayout.objects.create(
        badge_class=badge,
        design=design,
        paper=paper,
        orientation=orientation,
        signatory_name="Prof. Grace Hopper",
        signatory_title="Dean of Navigation",
    )
    award = assertion_award(
        badge_class=badge, user=None, notify=False, recipient_identity="ada@example.org"
    )
    (tmp_path / "c.pdf").write_bytes(certificate_pdf(award))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"certificate-page-{design}-{paper.lower()}-{orientation}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-singlefile", tmp_path / "c.pdf", target], check=True
    )
    codes = zxingcpp.read_barcodes(Image.open(f"{target}.png"))
    assert [code.text for code in codes] == [
        f"{settings.LAUREL_BASE_URL}/awards/{award.entity_id}/"
    ]
