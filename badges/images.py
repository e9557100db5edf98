"""Validating and preparing badge images: PNG scaled to 400 px, SVG scrubbed; conversions."""

import base64
import binascii
import io
import re
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageColor

from .openbadges.baking import PNG_SIGNATURE
from .openbadges.images import (
    SVG_NS,
    ImageError,
    local_name,
    looks_like_xml,
    namespace_of,
    open_png,
    parse_svg,
    svg_size,
)

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_SVG_BYTES = 512 * 1024
MAX_SIDE = 400
WIDE_CARD = (1200, 628)  # the 1.91:1 size social networks show large
CARD_PADDING = 48

# Drawing an SVG runs in a process of its own (svg_render_worker.py) that is killed after
# RENDER_SECONDS and may use at most its MEMORY_BYTES; before that, `_check_complexity` refuses
# at once the drawings whose repeated parts (markers, patterns, reused elements) multiply.
RENDER_SECONDS = 5.0
RENDER_WORKER = Path(__file__).resolve().parent / "svg_render_worker.py"
MAX_NESTING = 64  # elements inside elements
MAX_ELEMENTS = 20_000
MAX_DRAWN = 50_000  # elements drawn once every reference (use, marker, pattern...) is followed
MAX_REFERENCE_DEPTH = 6  # a reference to something that refers to something...
MAX_EMBEDDED_PIXELS = 16_000_000  # a raster image inside an SVG (4000 x 4000)

XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
OPENBADGES_NS = "http://openbadges.org"

# Signatures of the image types people most often upload by mistake, to name them in the error.
OTHER_TYPES = (
    (b"\xff\xd8\xff", gettext_lazy("a JPEG image")),
    (b"GIF8", gettext_lazy("a GIF image")),
    (b"RIFF", gettext_lazy("a WebP image (or another RIFF file)")),
    (b"BM", gettext_lazy("a BMP image")),
    (b"II*\0", gettext_lazy("a TIFF image")),
    (b"MM\0*", gettext_lazy("a TIFF image")),
    (b"%PDF", gettext_lazy("a PDF document")),
    (b"\x1f\x8b", gettext_lazy("a gzip-compressed file (for example .svgz)")),
    (b"\0\0\1\0", gettext_lazy("an ICO icon")),
)
SAFE_DATA_URI = re.compile(r"data:image/(png|jpeg|gif);base64,", re.IGNORECASE)
# External fetches and script in CSS. Backslashes are refused because CSS escapes can spell
# "url(" without those letters; image-set() takes plain strings as URLs.
UNSAFE_CSS = re.compile(
    r"""@import|url\(\s*(?!['"]?\s*#)|image-set\(|expression\(|javascript:|vbscript:"""
    r"""|behavior:|-moz-binding|\\""",
    re.IGNORECASE,
)
# A reference to an element of the same document, in a presentation attribute or CSS.
URL_REFERENCE = re.compile(r"""url\(\s*['"]?\s*#([^)'"\s]+)""")
NUMBER = re.compile(r"[-+]?(?:[0-9]*\.[0-9]+|[0-9]+\.?)(?:[eE][-+]?[0-9]+)?")
SCRIPT_SCHEME = re.compile(r"(java|vb)script:|data:text/html", re.IGNORECASE)
DROPPED_ELEMENTS = {"script", "foreignObject", "handler", "listener"}
ANIMATIONS = {"set", "animate", "animateColor", "animateMotion", "animateTransform"}
KEPT_ATTRIBUTE_NAMESPACES = {"", XLINK_NS, XML_NS}

# Without this, ElementTree writes xlink:href as ns0:href: valid, but odd to read.
ElementTree.register_namespace("xlink", XLINK_NS)


@dataclass(frozen=True)
class PreparedImage:
    content: bytes
    mime_type: str
    extension: str
    width: int
    height: int
    # An SVG's PNG drawing (long side 400 px), made within the budget when it was checked.
    png: bytes | None = None


def prepare_badge_image(data: bytes, filename: str = "") -> PreparedImage:
    """The upload checked by its content (PNG or SVG only) and made safe and small to publish.

    PNG: re-encoded without metadata (so without an old baked award), long side at most 400 px.
    SVG: scripts, event handlers and outside references removed; it must still render.
    """
    name = f"The file {filename!r}" if filename else "The file"
    if not data:
        raise ImageError(_("%(name)s is empty; upload a PNG or SVG badge image.") % {"name": name})
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(
            _(
                "%(name)s is %(size)s MiB; badge images can be at most 2 MiB. Upload a smaller "
                "PNG or SVG."
            )
            % {"name": name, "size": format(len(data) / 1024 / 1024, ".1f")}
        )
    if data.startswith(PNG_SIGNATURE):
        return _prepare_png(data)
    if looks_like_xml(data):
        return _prepare_svg(data)
    kind = next((kind for magic, kind in OTHER_TYPES if data.startswith(magic)), "")
    if kind:
        message = _(
            "%(name)s is %(kind)s, not a PNG or SVG image; badge images must be PNG or SVG. "
            "Convert it to PNG or SVG and upload it again."
        )
    else:
        message = _(
            "%(name)s is not a PNG or SVG image; badge images must be PNG or SVG. "
            "Convert it to PNG or SVG and upload it again."
        )
    raise ImageError(message % {"name": name, "kind": kind})


def svg_to_png(svg: bytes, size: int = MAX_SIDE) -> bytes:
    """A PNG rendering of an SVG whose long side is `size` pixels, keeping its shape.

    Drawn in a separate process under a budget of time and memory; a drawing over budget is
    refused with ImageError, as is one that cannot be drawn."""
    root = parse_svg(svg)
    _check_complexity(root)
    width, height = svg_size(root)
    side = ("-", str(size)) if height > width else (str(size), "-")
    try:
        done = subprocess.run(
            [sys.executable, "-I", str(RENDER_WORKER), *side],
            input=svg,
            capture_output=True,
            timeout=RENDER_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ImageError(
            _(
                "The SVG takes longer than %(seconds)s seconds to draw, far more than a badge "
                "needs (it repeats markers, patterns or reused parts too often); simplify it or "
                "upload a PNG."
            )
            % {"seconds": format(RENDER_SECONDS, "g")}
        ) from exc
    if done.returncode == 0 and done.stdout.startswith(PNG_SIGNATURE):
        return done.stdout
    if done.returncode == -24:  # SIGXCPU: over the CPU limit before the wall-clock one
        raise ImageError(
            _("The SVG takes longer than %(seconds)s seconds to draw; simplify it or upload a PNG.")
            % {"seconds": format(RENDER_SECONDS, "g")}
        )
    if done.returncode in (3, -9):  # out of memory (or killed by the system for it)
        raise ImageError(
            _(
                "The SVG needs more memory to draw than a badge may use (it is drawn on a huge "
                "canvas or holds a huge picture); simplify it or upload a PNG."
            )
        )
    reason = done.stderr.decode("utf-8", "replace").strip() or _("the drawing failed")
    raise ImageError(
        _(
            "The SVG could not be drawn (%(reason)s); export it again from your drawing program, "
            "or upload a PNG."
        )
        % {"reason": reason}
    )


def wide_card(image_png: bytes, background: str = "#ffffff") -> bytes:
    """A 1200x628 (1.91:1) PNG social card with the badge centred and fitted inside padding."""
    try:
        color = ImageColor.getrgb(background)
    except ValueError as exc:
        raise ImageError(
            _("%(background)s is not a colour; give one like '#ffffff' or 'white'.")
            % {"background": repr(background)}
        ) from exc
    badge = open_png(image_png).convert("RGBA")
    room = (WIDE_CARD[0] - 2 * CARD_PADDING, WIDE_CARD[1] - 2 * CARD_PADDING)
    scale = min(room[0] / badge.width, room[1] / badge.height)
    size = (max(1, round(badge.width * scale)), max(1, round(badge.height * scale)))
    badge = badge.resize(size, Image.Resampling.LANCZOS)
    card = Image.new("RGBA", WIDE_CARD, (*color[:3], 255))
    offset = ((WIDE_CARD[0] - size[0]) // 2, (WIDE_CARD[1] - size[1]) // 2)
    card.alpha_composite(badge, offset)
    return _png_bytes(card.convert("RGB"))


# PNG -------------------------------------------------------------------------------------


def _prepare_png(data: bytes) -> PreparedImage:
    image = open_png(data)
    if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
        image = image.convert("RGBA")
    if max(image.size) > MAX_SIDE:
        if image.mode in ("1", "P") or "transparency" in image.info:
            # Palette and colour-key images can only be resized by dropping pixels; in RGBA
            # LANCZOS works and the transparency survives.
            image = image.convert("RGBA")
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # Saving anew writes only pixels, transparency and the colour profile: text chunks,
    # EXIF and any earlier baked award are left behind.
    return PreparedImage(_png_bytes(image), "image/png", "png", image.width, image.height)


def _png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


# SVG -------------------------------------------------------------------------------------


def _prepare_svg(data: bytes) -> PreparedImage:
    if len(data) > MAX_SVG_BYTES:
        raise ImageError(
            _(
                "The SVG is %(size)s KiB; SVG badges can be at most 512 KiB. Simplify it or "
                "upload a PNG."
            )
            % {"size": len(data) // 1024}
        )
    root = parse_svg(data)
    _check_nesting(root)
    _scrub(root)
    root.set("xmlns", SVG_NS)  # the tags were made unqualified by _scrub
    content = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    png = svg_to_png(content)  # refuse now what could not be drawn later; keep the drawing
    width, height = svg_size(root)
    return PreparedImage(content, "image/svg+xml", "svg", width, height, png)


def _scrub(element: ElementTree.Element) -> None:
    """Keep only drawing: SVG-namespace elements without script, handlers or outside links.

    Tags are left unqualified so the SVG namespace can be the default one when written out.
    Unqualified tags are taken as SVG too, as browsers need the namespace to show the file.
    """
    element.tag = local_name(element.tag)
    for name, value in list(element.attrib.items()):
        if _unsafe_attribute(name, value):
            del element.attrib[name]
    for child in list(element):
        if _dropped(child):
            element.remove(child)
        else:
            _scrub(child)


def _dropped(element: ElementTree.Element) -> bool:
    if not isinstance(element.tag, str) or namespace_of(element.tag) not in ("", SVG_NS):
        return True  # XHTML can run script; editor metadata and old bakes are not drawing
    local = local_name(element.tag)
    if local in DROPPED_ELEMENTS:
        return True
    if local == "style":
        return bool(UNSAFE_CSS.search(element.text or ""))
    if local in ANIMATIONS:
        # An animation can set href, an event handler or a URL after the attributes were
        # checked: it goes when it animates href (with or without a prefix such as xlink:)
        # or an event handler, or sets a value that would be an unsafe attribute.
        target = local_name(element.get("attributeName", "")).rpartition(":")[2].lower()
        values = (element.get(name, "") for name in ("to", "from", "by", "values"))
        return (
            target == "href"
            or target.startswith("on")
            or any(_unsafe_attribute(target, value) for value in values)
        )
    return False


def _unsafe_attribute(name: str, value: str) -> bool:
    local = local_name(name).lower()
    if namespace_of(name) not in KEPT_ATTRIBUTE_NAMESPACES or name == f"{{{XML_NS}}}base":
        return True
    # Browsers skip whitespace and control characters inside a URL scheme ("java\tscript:").
    squashed = re.sub(r"[\x00-\x20]", "", value)
    if local.startswith("on") or SCRIPT_SCHEME.search(squashed):
        return True
    if local == "href":
        value = value.strip()
        return not (value.startswith("#") or SAFE_DATA_URI.match(value))
    return bool(UNSAFE_CSS.search(value))


# How much drawing an SVG asks for ---------------------------------------------------------

# Elements whose content is drawn again wherever they are referred to.
REPEATED = {"marker", "pattern", "symbol", "svg", "g", "use", "clipPath", "mask", "filter"}


def _check_nesting(root: ElementTree.Element) -> None:
    """Refuse elements nested too deeply before anything walks the tree recursively."""
    stack, count = [(root, 1)], 0
    while stack:
        element, depth = stack.pop()
        count += 1
        if depth > MAX_NESTING:
            raise ImageError(
                _(
                    "The SVG nests elements more than %(max)s levels deep, far more than a "
                    "drawing needs; flatten its groups or upload a PNG."
                )
                % {"max": MAX_NESTING}
            )
        if count > MAX_ELEMENTS:
            raise ImageError(
                _(
                    "The SVG has more than %(max)s elements, far more than a badge needs; "
                    "simplify it or upload a PNG."
                )
                % {"max": format(MAX_ELEMENTS, ",")}
            )
        stack.extend((child, depth + 1) for child in element)


def _check_complexity(root: ElementTree.Element) -> None:
    """Refuse, without drawing it, an SVG whose references multiply the work of drawing it.

    Each element costs one, plus what it refers to: a marker once per vertex of the shapes
    it marks, a pattern, clip path, mask or reused element once per reference. The sum is
    bounded, and so is the length of chains of references (a cycle is refused too). Raster
    images inside the SVG may not be huge."""
    _check_nesting(root)
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    style_refs = [
        ref
        for element in root.iter()
        if local_name(element.tag) == "style"
        for ref in URL_REFERENCE.findall(element.text or "")
    ]
    cost_of: dict[int, tuple[int, int, int]] = {}  # id(element): (cost, vertices, depth)
    in_progress: set[int] = set()

    def refused(reason: str) -> ImageError:
        # Translators: %(reason)s is one of the phrases below, such as "has parts that refer
        # to themselves".
        return ImageError(
            _(
                "The SVG %(reason)s, so it would take far too long to draw; simplify it (fewer "
                "nested markers, patterns or reused parts) or upload a PNG."
            )
            % {"reason": reason}
        )

    def measure(element: ElementTree.Element, chain: int) -> tuple[int, int, int]:
        key = id(element)
        if key in cost_of:
            cost, vertices, depth = cost_of[key]
            if chain + depth > MAX_REFERENCE_DEPTH:
                raise refused(
                    _("refers to parts that refer to other parts more than %(max)s levels deep")
                    % {"max": MAX_REFERENCE_DEPTH}
                )
            return cost_of[key]
        if key in in_progress:
            raise refused(_("has parts that refer to themselves"))
        in_progress.add(key)
        cost, vertices, depth = 1, _vertices(element), 0
        for child in element:
            child_cost, child_vertices, child_depth = measure(child, chain)
            cost, vertices, depth = (
                cost + child_cost,
                vertices + child_vertices,
                max(depth, child_depth),
            )
        for ref in _references(element):
            target = ids.get(ref)
            if target is None:
                continue
            if chain + 1 > MAX_REFERENCE_DEPTH:
                raise refused(
                    _("refers to parts that refer to other parts more than %(max)s levels deep")
                    % {"max": MAX_REFERENCE_DEPTH}
                )
            target_cost, _vertices_unused, target_depth = measure(target, chain + 1)
            if local_name(target.tag) in ("linearGradient", "radialGradient"):
                target_cost = 1  # a gradient's stops are not drawn again
            times = max(vertices, 1) if local_name(target.tag) == "marker" else 1
            cost += times * target_cost
            depth = max(depth, target_depth + 1)
            if cost > MAX_DRAWN:
                raise refused(
                    _("draws more than %(max)s elements once its references are followed")
                    % {"max": format(MAX_DRAWN, ",")}
                )
        if local_name(element.tag) == "image":
            _check_embedded_image(element)
        in_progress.discard(key)
        cost_of[key] = (cost, vertices, depth)
        return cost_of[key]

    total, vertices, _depth = measure(root, 0)
    for ref in style_refs:  # a style sheet may apply the reference to every element
        target = ids.get(ref)
        if target is not None and local_name(target.tag) in REPEATED:
            target_cost = measure(target, 1)[0]
            times = vertices if local_name(target.tag) == "marker" else len(ids) + 1
            total += times * target_cost
    if total > MAX_DRAWN:
        raise refused(
            _("draws more than %(max)s elements once its references are followed")
            % {"max": format(MAX_DRAWN, ",")}
        )


def _references(element: ElementTree.Element) -> list[str]:
    refs = []
    for name, value in element.attrib.items():
        if local_name(name) == "href" and value.strip().startswith("#"):
            refs.append(value.strip()[1:])
        else:
            refs.extend(URL_REFERENCE.findall(value))
    return refs


def _vertices(element: ElementTree.Element) -> int:
    """About how many vertices a shape has, where a marker would be drawn."""
    local = local_name(element.tag)
    if local == "path":
        return len(NUMBER.findall(element.get("d", ""))) // 2 + 1
    if local in ("polyline", "polygon"):
        return len(NUMBER.findall(element.get("points", ""))) // 2
    return 2 if local == "line" else 0


def _check_embedded_image(element: ElementTree.Element) -> None:
    href = next((v for k, v in element.attrib.items() if local_name(k) == "href"), "").strip()
    if not SAFE_DATA_URI.match(href):
        return
    try:
        data = base64.b64decode(href.partition(",")[2], validate=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            width, height = Image.open(io.BytesIO(data)).size  # the header only
    except (binascii.Error, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return  # not drawn at all; the renderer skips it or refuses it
    if width * height > MAX_EMBEDDED_PIXELS:
        raise ImageError(
            _(
                "The SVG holds a picture of %(width)s x %(height)s pixels, far more than a badge "
                "needs (it would take gigabytes to draw); scale it down or upload a PNG."
            )
            % {"width": width, "height": height}
        )
