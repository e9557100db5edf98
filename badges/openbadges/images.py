"""Reading a badge image's size without drawing it (PNG header, SVG attributes), bombs refused.

The verifier needs this before it unbakes an image, and badges.images (which prepares uploads)
builds on it, so it lives in the library.
"""

import io
import re
import warnings
from xml.etree import ElementTree

import defusedxml
import defusedxml.ElementTree
from django.utils.translation import gettext as _
from PIL import Image

from .baking import PNG_SIGNATURE

MAX_PIXELS = 40_000_000
SVG_NS = "http://www.w3.org/2000/svg"
PX_PER_UNIT = {
    "": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0,
}  # fmt: skip
LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in)?\s*", re.I)


class ImageError(ValueError):
    """An image that cannot be used as a badge; the message says what to change."""


def image_dimensions(data: bytes) -> tuple[int, int]:
    """(width, height) of a PNG or SVG in pixels; (0, 0) for an SVG that does not say."""
    if data.startswith(PNG_SIGNATURE):
        return open_png(data, load=False).size
    if looks_like_xml(data):
        return svg_size(parse_svg(data))
    raise ImageError(_("This is neither a PNG nor an SVG image, so it has no badge dimensions."))


def open_png(data: bytes, load: bool = True) -> Image.Image:
    too_big = _(
        "The PNG has more than 40 megapixels, which is far more than a badge needs; "
        "scale it down (400 x 400 is plenty) and upload it again."
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=["PNG"])
            # The header gives the size, so a bomb is refused before any pixel is decoded.
            if image.width * image.height > MAX_PIXELS:
                raise ImageError(too_big)
            if load:
                image.load()
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(too_big) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageError(
            _(
                "The PNG is damaged or truncated: its pixels cannot be read. Export it again and "
                "upload the new file."
            )
        ) from exc
    return image


def looks_like_xml(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def parse_svg(data: bytes) -> ElementTree.Element:
    try:
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise ImageError(
            _(
                "SVG files with a DOCTYPE or entities are refused for safety; remove the "
                "<!DOCTYPE ...> part (or export as 'plain SVG') and upload it again."
            )
        ) from exc
    except ElementTree.ParseError as exc:
        raise ImageError(
            _(
                "The file is not a well-formed SVG (%(exc)s); export it again as SVG, or upload a "
                "PNG."
            )
            % {"exc": exc}
        ) from exc
    if local_name(root.tag) != "svg" or namespace_of(root.tag) not in ("", SVG_NS):
        raise ImageError(
            _(
                "The file is XML but its root is <%(root)s>, not <svg>, so it is not an SVG "
                "image; upload a PNG or SVG."
            )
            % {"root": local_name(root.tag)}
        )
    return root


def local_name(name: str) -> str:
    return name.rpartition("}")[2]


def namespace_of(name: str) -> str:
    return name[1:].partition("}")[0] if name.startswith("{") else ""


def _length(value: str | None) -> float:
    match = LENGTH.fullmatch(value or "")
    if match is None:  # "100%", "auto", "10em": no size of its own
        return 0.0
    return float(match.group(1)) * PX_PER_UNIT[(match.group(2) or "").lower()]


def svg_size(root: ElementTree.Element) -> tuple[int, int]:
    width, height = _length(root.get("width")), _length(root.get("height"))
    if not (width and height):
        box = re.split(r"[\s,]+", (root.get("viewBox") or "").strip())
        if len(box) == 4:
            width, height = _length(box[2]), _length(box[3])
    return round(width), round(height)
