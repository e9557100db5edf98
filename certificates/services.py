"""Writes of certificates: an issuer saves the layout of a badge class's certificates."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from badges.images import ImageError, prepare_badge_image
from badges.models import BadgeClass

from .models import CertificateLayout

FIELDS = ("design", "paper", "orientation", "accent_colour", "signatory_name", "signatory_title")


@transaction.atomic
def layout_save(
    *,
    badge_class: BadgeClass,
    signature_image: bytes | None = None,
    signature_name: str = "",
    remove_signature: bool = False,
    **fields,
) -> CertificateLayout:
    """Store the layout (made on first save). A signature is checked and cleaned like a badge
    image: PNG or SVG only, at most 2 MiB, scripts and outside references stripped."""
    layout = CertificateLayout.objects.filter(badge_class=badge_class).first()
    layout = layout or CertificateLayout(badge_class=badge_class)
    for name in FIELDS:
        if name in fields:
            setattr(layout, name, fields[name])
    if remove_signature:
        layout.signature_image = ""
    if signature_image is not None:
        try:
            prepared = prepare_badge_image(signature_image, signature_name)
        except ImageError as exc:
            raise ValidationError(
                {"signature_image": str(exc).replace("badge image", "signature image")}
            ) from exc
        digest = hashlib.sha256(prepared.content).hexdigest()[:16]
        layout.signature_image.save(
            f"{digest}.{prepared.extension}", ContentFile(prepared.content), save=False
        )
    layout.full_clean()
    layout.save()
    return layout
