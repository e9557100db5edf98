"""Validating and preparing badge images: PNG scaled to 400 px, SVG scrubbed; conversions."""

import io
import re
import warnings
from dataclasses import dataclass
from xml.etree import ElementTree

import cairosvg
from PIL import Image

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_SVG_BYTES = 512 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 400
WIDE = (1200, 628)

SVG = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
SAFE_DATA_URI = re.compile(r"^data:image/(png|jpeg|gif);base64,", re.IGNORECASE)
UNSAFE_CSS = re.compile(r"@import|url\(\s*['\"]?(?!#)|expression\(|javascript:", re.IGNORECASE)
DROPPED_TAGS = {"script", "foreignObject", "iframe", "object", "embed", "assertion"}


class ImageError(ValueError):
    pass


@dataclass(frozen=True)
class PreparedImage:
    content: bytes
    mime_type: str
    extension: str
    width: int
    height: int


def prepare_badge_image(data: bytes, filename: str = "") -> PreparedImage:
    """Check what the file really is and make it safe to publish; PNG and SVG only."""
    if not data:
        raise ImageError("The image file is empty.")
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError("The image is larger than 2 MB; upload a smaller PNG or SVG.")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _prepare_png(data)
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype")):
        return _prepare_svg(data)
    name = f" {filename!r}" if filename else ""
    raise ImageError(
        f"The file{name} is not a PNG or SVG image; badge images must be one of those."
    )


def _prepare_png(data: bytes) -> PreparedImage:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise ImageError("The PNG has too many pixels; use one under 40 megapixels.")
            image.load()
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError("The PNG has too many pixels; use one under 40 megapixels.") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageError("The PNG file is damaged or truncated; export it again.") from exc
    if image.mode not in ("RGBA", "RGB", "LA", "L", "P"):
        image = image.convert("RGBA")
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)  # re-encoding drops metadata and old bakes
    return PreparedImage(out.getvalue(), "image/png", "png", image.width, image.height)


def _prepare_svg(data: bytes) -> PreparedImage:
    if len(data) > MAX_SVG_BYTES:
        raise ImageError("The SVG is larger than 512 KB; simplify it or upload a PNG.")
    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.IGNORECASE):
        raise ImageError("SVG files with a DOCTYPE or entities are not accepted; remove them.")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise ImageError(f"The SVG is not well-formed XML ({exc}).") from exc
    if root.tag not in (f"{{{SVG}}}svg", "svg"):
        raise ImageError("The file is XML but not an SVG image.")
    _scrub(root)
    ElementTree.register_namespace("", SVG)
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    content = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    try:
        cairosvg.svg2png(bytestring=content, output_width=16, output_height=16)
    except Exception as exc:  # cairosvg raises many types for unrenderable input
        raise ImageError("The SVG could not be rendered; export it again.") from exc
    width, height = _svg_size(root)
    return PreparedImage(content, "image/svg+xml", "svg", width, height)


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _scrub(element: ElementTree.Element) -> None:
    for child in list(element):
        if not isinstance(child.tag, str) or _local_name(child.tag) in DROPPED_TAGS:
            element.remove(child)
            continue
        if _local_name(child.tag) == "style" and UNSAFE_CSS.search(child.text or ""):
            element.remove(child)
            continue
        _scrub(child)
    for name, value in list(element.attrib.items()):
        local = _local_name(name).lower()
        lowered = value.strip().lower()
        if (
            local.startswith("on")
            or "javascript:" in lowered
            or (local == "href" and not (value.startswith("#") or SAFE_DATA_URI.match(value)))
            or (local == "style" and UNSAFE_CSS.search(value))
        ):
            del element.attrib[name]


def _svg_size(root: ElementTree.Element) -> tuple[int, int]:
    def number(value: str | None) -> int:
        match = re.match(r"\s*([0-9.]+)", value or "")
        return int(float(match.group(1))) if match else 0

    width, height = number(root.get("width")), number(root.get("height"))
    if not (width and height) and root.get("viewBox"):
        parts = re.split(r"[\s,]+", root.get("viewBox").strip())
        if len(parts) == 4:
            width, height = number(parts[2]), number(parts[3])
    return width, height


def svg_to_png(svg: bytes, size: int = MAX_SIDE) -> bytes:
    """Render a (scrubbed) SVG to a PNG whose long side is `size`."""
    width, height = _svg_size(ElementTree.fromstring(svg))
    if width >= height:
        return cairosvg.svg2png(bytestring=svg, output_width=size)
    return cairosvg.svg2png(bytestring=svg, output_height=size)


def wide_card(image_png: bytes, background: str = "#ffffff") -> bytes:
    """A 1200x628 (1.91:1) social card with the badge centred."""
    badge = Image.open(io.BytesIO(image_png)).convert("RGBA")
    card = Image.new("RGBA", WIDE, background)
    side = WIDE[1] - 80
    badge.thumbnail((side, side), Image.Resampling.LANCZOS)
    card.alpha_composite(badge, ((WIDE[0] - badge.width) // 2, (WIDE[1] - badge.height) // 2))
    out = io.BytesIO()
    card.convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()
