"""Derived public files: PNG conversions, social cards and baked badges, made once and stored.

Each is stored under a stable key with a digest of its inputs; when the inputs change
(a new badge image, an edited award) the next request makes it again.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

from .images import wide_card
from .models import Assertion, StoredRendition
from .openbadges import ob2, signing
from .openbadges.baking import bake_png, bake_svg
from .public import assertion_document
from .services.images import svg_drawing_key
from .services.keys import signing_secret
from .services.public_documents import rendition_store


class NotDrawn(Http404):
    """An SVG image without a PNG drawing made within budget: none is made on a request."""


@dataclass(frozen=True)
class Artefact:
    content: bytes
    content_type: str


def inputs_digest(*parts: str | bytes) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part if isinstance(part, bytes) else part.encode())
        sha.update(b"\0")
    return sha.hexdigest()


def stored(key: str, digest: str, make, *, found: StoredRendition | None = None) -> Artefact:
    """The rendition stored under `key` for these inputs, made and stored when missing;
    `found` is that rendition when the caller read it already (baked_many)."""
    rendition = found or StoredRendition.objects.filter(key=key, digest=digest).first()
    if rendition is None:
        content, content_type = make()
        rendition = rendition_store(
            key=key, digest=digest, content=content, content_type=content_type
        )
        return Artefact(content, content_type)
    try:
        with rendition.file.open("rb") as handle:
            return Artefact(handle.read(), rendition.content_type)
    except FileNotFoundError:
        # The row outlived its file (media restored from an older copy, a volume not mounted):
        # make it again rather than fail the page or the export.
        content, content_type = make()
        rendition_store(
            key=key, digest=digest, content=content, content_type=content_type, rewrite=True
        )
        return Artefact(content, content_type)


def source_image(image_field) -> Artefact:
    with image_field.open("rb") as handle:
        content = handle.read()
    is_svg = image_field.name.endswith(".svg")
    return Artefact(content, "image/svg+xml" if is_svg else "image/png")


def image(key: str, image_field, *, as_png: bool = False, wide: bool = False) -> Artefact:
    """An issuer's or badge class's image, optionally as PNG or as a 1.91:1 social card.

    An SVG's PNG is the drawing kept when the image was uploaded (see `png_of`)."""
    if not (as_png or wide) or (not wide and not image_field.name.endswith(".svg")):
        return source_image(image_field)
    if not wide:
        return Artefact(png_of(image_field), "image/png")

    def make():
        return wide_card(png_of(image_field)), "image/png"

    return stored(f"{key}/wide", inputs_digest(image_field.name, "wide"), make)


def png_of(image_field) -> bytes:
    """The image as PNG: a PNG as stored; an SVG's drawing, made within the drawing budget
    when the image was checked (or by the `draw_svg_images` command for older images).

    No SVG is drawn here, on a request: one without a drawing is a 404 (NotDrawn)."""
    if not image_field.name.endswith(".svg"):
        return source_image(image_field).content
    key, digest = svg_drawing_key(image_field.name)
    rendition = StoredRendition.objects.filter(key=key, digest=digest).first()
    if rendition is None:
        raise NotDrawn(_("This SVG image has no PNG version: it could not be drawn."))
    with rendition.file.open("rb") as handle:
        return handle.read()


def signature(assertion: Assertion) -> str:
    """The compact JWS of a signed award, made with the key recorded on the award."""
    private_pem = signing.decrypt_private_key(
        assertion.signing_key.private_key_encrypted, signing_secret()
    )
    return signing.sign_jws(assertion_document(assertion), private_pem)


def baked(assertion: Assertion, *, as_png: bool = False) -> Artefact:
    """The badge image with this award baked in: its URL (hosted) or its JWS (signed)."""
    return stored(*_baked_recipe(assertion, as_png=as_png))


def baked_many(assertions: list[Assertion]) -> dict[int, Artefact]:
    """The baked images of many awards by award pk, their stored renditions read in one
    query (each missing one is made and stored, as `baked` does)."""
    recipes = {assertion.pk: _baked_recipe(assertion, as_png=False) for assertion in assertions}
    keys = [key for key, _digest, _make in recipes.values()]
    found = {
        (rendition.key, rendition.digest): rendition
        for rendition in StoredRendition.objects.filter(key__in=keys)
    }
    return {
        pk: stored(key, digest, make, found=found.get((key, digest)))
        for pk, (key, digest, make) in recipes.items()
    }


def _baked_recipe(assertion: Assertion, *, as_png: bool):
    """(key, inputs digest, maker) of an award's baked image."""
    badge_image = assertion.badge_class.image
    svg = badge_image.name.endswith(".svg") and not as_png
    variant = "baked.svg" if svg else "baked.png"
    digest = inputs_digest(
        badge_image.name, variant, assertion.updated_at.isoformat(), settings.LAUREL_BASE_URL
    )

    def make():
        url = ob2.public_url("assertions", assertion.entity_id)
        jws = signature(assertion) if assertion.signing_key_id else None
        if svg:
            return bake_svg(source_image(badge_image).content, url, jws), "image/svg+xml"
        return bake_png(png_of(badge_image), jws or url), "image/png"

    return f"assertions/{assertion.entity_id}/{variant}", digest, make
