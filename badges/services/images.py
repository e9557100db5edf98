"""Issuer and badge class images: prepared when uploaded, with the PNG drawing of an SVG kept."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from ..images import ImageError, prepare_badge_image, svg_to_png
from ..models import StoredRendition
from .public_documents import rendition_store


def set_image(obj, image: bytes | None, image_name: str) -> None:
    if image is None:
        return
    try:
        prepared = prepare_badge_image(image, image_name)
    except ImageError as exc:
        raise ValidationError({"image": str(exc)}) from exc
    digest = hashlib.sha256(prepared.content).hexdigest()[:16]
    obj.image.save(f"{digest}.{prepared.extension}", ContentFile(prepared.content), save=False)
    image_drawing_store(image_field=obj.image, png=prepared.png)


def svg_drawing_key(image_name: str) -> tuple[str, str]:
    """The StoredRendition key and digest of the PNG drawing of a stored SVG image."""
    return f"drawing/{image_name}"[:200], hashlib.sha256(image_name.encode()).hexdigest()


def image_drawing_store(*, image_field, png: bytes | None) -> None:
    """Keep the PNG drawing of an SVG image, made within budget when it was checked: public
    pages serve PNGs and social cards from it and never draw an SVG on a request."""
    if png is None or not image_field.name.endswith(".svg"):
        return
    key, digest = svg_drawing_key(image_field.name)
    rendition_store(key=key, digest=digest, content=png, content_type="image/png")


def image_drawing_make(*, image_field) -> str:
    """Draw, within the drawing budget, a stored SVG image that has no PNG drawing yet (one
    uploaded before drawings were kept). Returns "kept", "drawn", or the refusal's reason."""
    key, digest = svg_drawing_key(image_field.name)
    if StoredRendition.objects.filter(key=key, digest=digest).exists():
        return "kept"
    with image_field.open("rb") as handle:
        svg = handle.read()
    try:
        png = svg_to_png(svg)
    except ImageError as exc:
        return str(exc)
    image_drawing_store(image_field=image_field, png=png)
    return "drawn"
