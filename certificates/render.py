"""The certificate PDF: an HTML template drawn by WeasyPrint, with the credential attached.

Images go in as data: URLs and the URL fetcher refuses everything else, so a template or an
issuer's text can never make the server fetch a URL while it draws.
"""

import base64
import json
import logging

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import ImageFile
from weasyprint import HTML, Attachment
from weasyprint.urls import URLFetcher

from badges import artefacts, credentials
from badges.models import Assertion, BadgeClass
from badges.openbadges import ob2
from badges.openbadges.pdf import ASSERTION_URL_NAME, CREDENTIAL_NAME

from .models import CertificateLayout
from .selectors import CertificateFacts, certificate_facts, layout_for, plain_summary

PAGE_SIZES = {"A4": "A4", "letter": "letter"}
PAGE_MM = {"A4": (297, 210), "letter": (279.4, 215.9)}  # long side, short side
# WeasyPrint logs each drawing step at INFO; only its warnings belong in the site's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
# Importing WeasyPrint tells Pillow, for the whole process, to load truncated images. Laurel
# refuses damaged uploads (badges/openbadges/images.py), so the default is put back; the images
# a certificate draws were checked when they were uploaded.
ImageFile.LOAD_TRUNCATED_IMAGES = False


def _data_url(content: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


def _image_url(image_field) -> str:
    """A badge class's or issuer's image as PNG, or "" when it has none (or no drawing yet)."""
    if not image_field:
        return ""
    try:
        return _data_url(artefacts.png_of(image_field), "image/png")
    except Exception:
        return ""


def _signature_url(layout: CertificateLayout) -> str:
    if not layout.signature_image:
        return ""
    with layout.signature_image.open("rb") as handle:
        content = handle.read()
    mime = "image/svg+xml" if layout.signature_image.name.endswith(".svg") else "image/png"
    return _data_url(content, mime)


def qr_svg_url(url: str) -> str:
    # segno, as for claim codes; error level M survives a crease or a smudge on paper.
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def certificate_html(
    facts: CertificateFacts, layout: CertificateLayout, badge: BadgeClass, *, screen: bool = False
) -> str:
    """The page as HTML: for WeasyPrint, or (screen) for a browser, at the paper's size."""
    long, short = PAGE_MM[layout.paper]
    width, height = (long, short) if layout.orientation == "landscape" else (short, long)
    return render_to_string(
        "certificates/certificate.html",
        {
            "facts": facts,
            "layout": layout,
            "page_size": f"{PAGE_SIZES[layout.paper]} {layout.orientation}",
            "badge_image": _image_url(badge.image),
            "issuer_logo": _image_url(badge.issuer.image),
            "signature": _signature_url(layout),
            "qr": qr_svg_url(facts.verify_url),
            "short_link": facts.verify_url.split("://", 1)[-1],
            "screen": screen,
            "width_mm": width,
            "height_mm": height,
        },
    )


def _pdf(html: str, *, attachments: list[Attachment]) -> bytes:
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    document = HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(
        attachments=attachments,
        pdf_variant="pdf/a-3u",
        pdf_tags=True,
        custom_metadata=True,
    )


def certificate_pdf(assertion: Assertion) -> bytes:
    """The award's certificate, with its signed OB 3.0 credential and 2.0 URL attached."""
    facts = certificate_facts(assertion)
    badge = assertion.badge_class
    credential = json.dumps(credentials.credential_json(assertion), indent=2).encode()
    attachments = [
        Attachment(
            string=credential.decode(),
            name=CREDENTIAL_NAME,
            description=_("The signed Open Badges 3.0 credential of this award"),
            relationship="Source",
        ),
        Attachment(
            string=ob2.public_url("assertions", assertion.entity_id),
            name=ASSERTION_URL_NAME,
            description=_("The hosted Open Badges 2.0 assertion of this award"),
            relationship="Supplement",
        ),
    ]
    html = certificate_html(facts, layout_for(badge), badge)
    return _pdf(html, attachments=attachments)


def _sample(badge: BadgeClass) -> CertificateFacts:
    """A made-up award of this badge class, to see a layout before any learner's."""
    return CertificateFacts(
        badge_name=badge.name,
        issuer_name=badge.issuer.name,
        earner_name="Ada Lovelace",
        issued_on=timezone.now(),
        expires=None,
        criteria=plain_summary(badge.criteria_html, badge.criteria_narrative),
        description=plain_summary("", badge.description),
        verify_url=settings.LAUREL_BASE_URL + "/awards/sample/",
        endorsers=[],
    )


def preview_pdf(badge: BadgeClass, layout: CertificateLayout | None = None) -> bytes:
    html = certificate_html(_sample(badge), layout or layout_for(badge), badge)
    return _pdf(html, attachments=[])


def preview_html(badge: BadgeClass, layout: CertificateLayout) -> str:
    """The sample certificate as a web page the size of the paper, for the editor's frame
    (a browser's own PDF viewer is not everywhere, and headless ones have none)."""
    return certificate_html(_sample(badge), layout, badge, screen=True)
