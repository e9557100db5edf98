"""Profile photos: an upload is checked by its content with Pillow and re-encoded as a square
PNG, so nothing of the original file (metadata, a disguised document) is kept or served."""

import io
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 40_000_000
PHOTO_SIDE = 256
FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


def photo_prepare(content: bytes) -> bytes:
    """The upload as a PHOTO_SIDE square PNG, or a ValidationError that says what to change."""
    if len(content) > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo is %(size).1f MB; upload one of at most %(most)d MB.")
            % {"size": len(content) / 1024 / 1024, "most": MAX_PHOTO_BYTES // 1024 // 1024}
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
            if image.format not in FORMATS:
                raise ValidationError(_not_an_image())
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels; upload a smaller one."))
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Warning) as exc:
        raise ValidationError(_not_an_image()) from exc
    image = ImageOps.exif_transpose(image)
    image = ImageOps.fit(image.convert("RGBA"), (PHOTO_SIDE, PHOTO_SIDE))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _not_an_image() -> str:
    return _("This file is not a photo: upload a PNG, JPEG, WebP or GIF image.")
