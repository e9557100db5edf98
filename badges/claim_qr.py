"""QR codes of claim codes: the claim page's URL with the code filled in, as PNG or SVG."""

import io

import segno
from django.conf import settings
from django.urls import reverse

from .models import ClaimCode

QR_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


def claim_url(claim_code: ClaimCode) -> str:
    """Where a scanned code leads: the learner's claim page, the code filled in."""
    return settings.LAUREL_BASE_URL + reverse("backpack:claim-code", args=[claim_code.code])


def claim_qr(claim_code: ClaimCode, kind: str = "png", *, scale: int = 8) -> bytes:
    """The QR image of the code's claim URL; `kind` is a key of QR_FORMATS."""
    if kind not in QR_FORMATS:
        raise ValueError(f"unknown QR format {kind!r}")
    out = io.BytesIO()
    segno.make(claim_url(claim_code), error="m").save(out, kind=kind, scale=scale, border=4)
    return out.getvalue()


def claim_qr_inline(claim_code: ClaimCode, *, scale: int = 4) -> str:
    """The QR code as inline SVG markup, for the print sheet (made by segno, no user text)."""
    return segno.make(claim_url(claim_code), error="m").svg_inline(
        scale=scale, title=f"QR code of {claim_code.formatted}"
    )
