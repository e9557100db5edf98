"""The badge studio: a badge image drawn as a clean, reproducible SVG from a person's choices.

The choices (a "design") are a small dict kept on the badge class so the image can be edited
again. `clean_design` checks them, `render_design` draws them; the same design always gives the
same bytes, and the SVG is already in the form the image scrubber writes, so it passes unchanged.
"""

import base64
import binascii
import functools
import io
import math
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import defusedxml.ElementTree
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

from .images import ImageError, prepare_badge_image
from .openbadges.baking import PNG_SIGNATURE, XML_ILLEGAL
from .openbadges.images import SVG_NS

SIZE = 400
CENTRE = SIZE / 2
FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"  # Debian's fonts-dejavu-core draws it
MAX_TEXT = 24
GRAPHIC_SIDE = 240  # an uploaded graphic fills at most 190 of the 400 units; more is waste
ICON_DIR = Path(__file__).resolve().parent / "studio_icons"
ICONS = tuple(sorted(path.stem for path in ICON_DIR.glob("*.svg")))

SHAPES = {
    "circle": "Circle",
    "hexagon": "Hexagon",
    "shield": "Shield",
    "rounded-square": "Rounded square",
    "star": "Star",
}
BORDERS = {"none": ("None", 0), "thin": ("Thin", 8), "thick": ("Thick", 18)}
TEXT_MODES = {"ribbon": "On a ribbon", "arc": "Along an arc"}
# Offered as swatches; any other #rrggbb is accepted too.
PALETTE = {
    "#1d3557": "Navy",
    "#1565c0": "Blue",
    "#3949ab": "Indigo",
    "#6a1b9a": "Purple",
    "#ad1457": "Raspberry",
    "#c62828": "Red",
    "#ef6c00": "Orange",
    "#f2b705": "Gold",
    "#2e7d32": "Green",
    "#00796b": "Teal",
    "#455a64": "Slate",
    "#263238": "Charcoal",
    "#a97142": "Bronze",
    "#b0bec5": "Silver",
    "#fff8e1": "Cream",
    "#ffffff": "White",
}
DEFAULT_DESIGN: dict[str, Any] = {
    "shape": "circle",
    "background": "#1d3557",
    "gradient": True,
    "background2": "#3949ab",
    "border": "thick",
    "border_colour": "#f2b705",
    "icon": "award",
    "icon_colour": "#ffffff",
    "text": "",
    "text_mode": "ribbon",
    "text_colour": "#ffffff",
    "ribbon_colour": "#c62828",
    "graphic": "",
}
COLOUR_FIELDS = (
    "background",
    "background2",
    "border_colour",
    "icon_colour",
    "text_colour",
    "ribbon_colour",
)
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
GRAPHIC_PREFIX = "data:image/png;base64,"
TRUE, FALSE = {"1", "true", "on", "yes"}, {"", "0", "false", "off", "no"}


def icon_label(name: str) -> str:
    return name.replace("-", " ").capitalize()


# Checking ------------------------------------------------------------------------------


def clean_design(data: dict) -> dict:
    """The design with every choice checked and filled in; ValidationError names the fields.

    Missing choices take their defaults and unknown keys are left out, so a form's POST (with
    its CSRF token) and a design kept from an older version both clean.
    """
    design, errors = {}, {}
    for field, default in DEFAULT_DESIGN.items():
        value = data.get(field, default)
        try:
            design[field] = CLEANERS[field](value)
        except ValueError as exc:
            errors[field] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    return design


def _choice(options: dict | tuple, what: str):
    def clean(value) -> str:
        value = str(value).strip()
        if value not in options:
            names = ", ".join(options) if len(options) < 10 else _("one from the list")
            raise ValueError(
                _("%(value)s is not one of the studio's %(what)s; choose %(names)s.")
                % {"value": repr(value), "what": what, "names": names}
            )
        return value

    return clean


def _colour(value) -> str:
    value = str(value).strip()
    if not COLOUR.fullmatch(value):
        raise ValueError(
            _("%(value)s is not a colour; give one as # and six hex digits, like #1d3557.")
            % {"value": repr(value)}
        )
    return value.lower()


def _flag(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text not in TRUE | FALSE:
        raise ValueError(
            _("%(value)s is neither yes nor no; tick the box or leave it empty.")
            % {"value": repr(value)}
        )
    return text in TRUE


def _clean_text(value) -> str:
    text = " ".join(str(value).split())  # one line: the badge has room for nothing else
    if len(text) > MAX_TEXT:
        raise ValueError(
            _(
                "The text has %(count)d characters; a badge has room for at most %(max)d. "
                "Shorten it (the badge's name can be longer: it is shown beside the image)."
            )
            % {"count": len(text), "max": MAX_TEXT}
        )
    if XML_ILLEGAL.search(text):
        raise ValueError(_("The text has control characters; type it again without them."))
    return text


def _graphic(value) -> str:
    """A graphic kept from an earlier upload: a PNG data URI as graphic_data_uri made it."""
    value = str(value or "").strip()
    if not value:
        return ""
    try:
        content = base64.b64decode(value.removeprefix(GRAPHIC_PREFIX), validate=True)
    except binascii.Error:
        content = b""
    if not value.startswith(GRAPHIC_PREFIX) or not content.startswith(PNG_SIGNATURE):
        raise ValueError(_("The kept graphic is damaged; upload the graphic again."))
    try:
        prepared = prepare_badge_image(content)
    except ImageError as exc:
        raise ValueError(_("The kept graphic cannot be used: %(error)s") % {"error": exc}) from exc
    if max(prepared.width, prepared.height) > GRAPHIC_SIDE:
        raise ValueError(_("The kept graphic is too large; upload the graphic again."))
    return value


def _icon_choice(value) -> str:
    # "" draws no icon
    return _choice(ICONS, gettext_lazy("icons"))(value) if str(value).strip() else ""


CLEANERS = {
    "shape": _choice(SHAPES, gettext_lazy("shapes")),
    "background": _colour,
    "gradient": _flag,
    "background2": _colour,
    "border": _choice(BORDERS, gettext_lazy("borders")),
    "border_colour": _colour,
    "icon": _icon_choice,
    "icon_colour": _colour,
    "text": _clean_text,
    "text_mode": _choice(TEXT_MODES, gettext_lazy("text placements")),
    "text_colour": _colour,
    "ribbon_colour": _colour,
    "graphic": _graphic,
}


def graphic_data_uri(upload: bytes, filename: str = "") -> str:
    """An uploaded PNG or SVG graphic checked, scrubbed and made a small PNG data URI.

    SVG becomes PNG because the image scrubber lets only raster data URIs into a badge; its
    drawing is the one made, within the drawing budget, when it was checked.
    """
    try:
        prepared = prepare_badge_image(upload, filename)
        png = prepared.png or prepared.content
    except ImageError as exc:
        raise ValidationError({"graphic": [str(exc)]}) from exc
    image = Image.open(io.BytesIO(png))
    if max(image.size) > GRAPHIC_SIDE:
        image.thumbnail((GRAPHIC_SIDE, GRAPHIC_SIDE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        png = out.getvalue()
    return GRAPHIC_PREFIX + base64.b64encode(png).decode("ascii")


# Drawing -------------------------------------------------------------------------------


def render_design(design: dict, graphic: bytes | None = None) -> bytes:
    """The badge as SVG bytes (UTF-8, 400 x 400) for a design; `graphic` is an uploaded PNG or
    SVG that replaces the design's own graphic. Raises ValidationError for bad choices."""
    design = clean_design(design)
    if graphic is not None:
        design["graphic"] = graphic_data_uri(graphic)
    root = ElementTree.Element(
        "svg", {"width": str(SIZE), "height": str(SIZE), "viewBox": f"0 0 {SIZE} {SIZE}"}
    )
    _add(root, "title").text = design["text"] or icon_label(design["icon"] or "badge")
    defs = _add(root, "defs")
    fill = design["background"]
    if design["gradient"]:
        gradient = _add(defs, "linearGradient", id="studio-fill", x1="0", y1="0", x2="0", y2="1")
        _add(gradient, "stop", offset="0", **{"stop-color": design["background"]})
        _add(gradient, "stop", offset="1", **{"stop-color": design["background2"]})
        fill = "url(#studio-fill)"

    width = BORDERS[design["border"]][1]
    outline = {"stroke": design["border_colour"], "stroke-width": str(width)} if width else {}
    # The stroke is centred on the outline, so the shape shrinks by half of it to stay inside.
    scale = (1 - width / 2 / 184) if width else 1
    _shape(root, design["shape"], scale, fill=fill, **outline, **{"stroke-linejoin": "round"})
    if width:  # a fine inner line makes the border read as a raised rim
        inner = scale - (width / 2 + 10) / 184
        rim = {"stroke-width": "3", "stroke-opacity": "0.35", "stroke-linejoin": "round"}
        _shape(root, design["shape"], inner, fill="none", stroke="#ffffff", **rim)

    text, mode = design["text"], design["text_mode"]
    slot = (
        (CENTRE, CENTRE, 190)
        if not text
        else {"ribbon": (200, 160, 150), "arc": (200, 222, 150)}[mode]
    )
    if design["graphic"]:
        x, y, side = slot
        _add(
            root,
            "image",
            x=_n(x - side / 2),
            y=_n(y - side / 2),
            width=_n(side),
            height=_n(side),
            href=design["graphic"],
        )
    elif design["icon"]:
        _icon(root, design["icon"], slot, design["icon_colour"])
    if text and mode == "ribbon":
        _ribbon(root, text, design["ribbon_colour"], design["text_colour"])
    elif text:
        _arc_text(root, defs, text, design["text_colour"])
    if not len(defs):
        root.remove(defs)
    root.set("xmlns", SVG_NS)  # last, where the scrubber puts it, so its output is the same
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _add(parent: ElementTree.Element, tag: str, **attributes: str) -> ElementTree.Element:
    return ElementTree.SubElement(parent, tag, attributes)


def _n(number: float) -> str:
    """A coordinate with two decimals at most, so output does not depend on float noise."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _points(points: list[tuple[float, float]], scale: float) -> str:
    """A closed path through points given relative to the centre, scaled about it."""
    moves = " ".join(
        f"{'M' if i == 0 else 'L'}{_n(CENTRE + x * scale)} {_n(CENTRE + y * scale)}"
        for i, (x, y) in enumerate(points)
    )
    return moves + " Z"


def _polygon(corners: int, radii: tuple[float, ...]) -> list[tuple[float, float]]:
    count = corners * len(radii)
    return [
        (
            radii[i % len(radii)] * math.cos(-math.pi / 2 + 2 * math.pi * i / count),
            radii[i % len(radii)] * math.sin(-math.pi / 2 + 2 * math.pi * i / count),
        )
        for i in range(count)
    ]


HEXAGON = _polygon(6, (190,))
STAR = _polygon(12, (188, 160))


def _shield(scale: float) -> str:
    """A heater shield, drawn relative to the centre and scaled about it."""

    def p(x: float, y: float) -> str:
        return f"{_n(CENTRE + x * scale)} {_n(CENTRE + y * scale)}"

    return (
        f"M{p(0, -184)} C{p(60, -152)} {p(120, -146)} {p(168, -146)} "
        f"L{p(168, 0)} C{p(168, 92)} {p(100, 150)} {p(0, 188)} "
        f"C{p(-100, 150)} {p(-168, 92)} {p(-168, 0)} "
        f"L{p(-168, -146)} C{p(-120, -146)} {p(-60, -152)} {p(0, -184)} Z"
    )


def _shape(parent: ElementTree.Element, shape: str, scale: float, **paint: str) -> None:
    if shape == "circle":
        _add(parent, "circle", cx=_n(CENTRE), cy=_n(CENTRE), r=_n(184 * scale), **paint)
    elif shape == "rounded-square":
        half = 172 * scale
        _add(
            parent,
            "rect",
            x=_n(CENTRE - half),
            y=_n(CENTRE - half),
            width=_n(2 * half),
            height=_n(2 * half),
            rx=_n(64 * scale),
            **paint,
        )
    elif shape == "hexagon":
        _add(parent, "path", d=_points(HEXAGON, scale), **paint)
    elif shape == "star":
        _add(parent, "path", d=_points(STAR, scale), **paint)
    else:
        _add(parent, "path", d=_shield(scale), **paint)


@functools.cache
def _icon_paths(name: str) -> tuple[str, ...]:
    """The path data of a vendored icon, without its invisible 24 x 24 frame."""
    root = defusedxml.ElementTree.parse(ICON_DIR / f"{name}.svg").getroot()
    return tuple(
        element.get("d")
        for element in root.iter(f"{{{SVG_NS}}}path")
        if element.get("stroke") != "none" and element.get("d")
    )


def _icon(parent: ElementTree.Element, name: str, slot: tuple, colour: str) -> None:
    x, y, side = slot
    group = _add(
        parent,
        "g",
        transform=f"translate({_n(x - side / 2)} {_n(y - side / 2)}) scale({_n(side / 24)})",
        fill="none",
        stroke=colour,
        **{"stroke-width": "1.6", "stroke-linecap": "round", "stroke-linejoin": "round"},
    )
    for d in _icon_paths(name):
        _add(group, "path", d=d)


def _shade(colour: str, factor: float) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * factor):02x}" for c in (red, green, blue))


def _font_size(text: str, room: float, largest: float) -> str:
    # DejaVu Sans Bold letters average about 0.7 em wide; a long text gets a smaller size.
    return _n(min(largest, room / (0.7 * max(len(text), 1))))


def _label(parent: ElementTree.Element, colour: str, size: str, **place: str):
    return _add(
        parent,
        "text",
        **place,
        fill=colour,
        **{
            "font-family": FONT_FAMILY,
            "font-size": size,
            "font-weight": "bold",
            "text-anchor": "middle",
        },
    )


def _ribbon(parent: ElementTree.Element, text: str, colour: str, text_colour: str) -> None:
    """A banner across the lower part, its folded tails behind the band."""
    tail, fold = _shade(colour, 0.72), _shade(colour, 0.5)
    for side in (1, -1):  # the left tail, then the same mirrored to the right

        def x(offset: float, side: int = side) -> str:
            return _n(CENTRE + side * offset)

        tail_d = f"M{x(-196)} 282 L{x(-150)} 282 L{x(-150)} 346 L{x(-196)} 346 L{x(-178)} 314 Z"
        _add(parent, "path", fill=tail, d=tail_d)
        _add(parent, "path", fill=fold, d=f"M{x(-172)} 326 L{x(-150)} 346 L{x(-150)} 326 Z")
    _add(parent, "rect", x="28", y="262", width="344", height="64", rx="4", fill=colour)
    size = _font_size(text, 312, 34)
    _label(parent, text_colour, size, x=_n(CENTRE), y=_n(294 + float(size) * 0.36)).text = text


def _arc_text(
    parent: ElementTree.Element, defs: ElementTree.Element, text: str, colour: str
) -> None:
    """The text along the top, upright, on a circle inside every shape."""
    radius = 118
    _add(
        defs,
        "path",
        id="studio-arc",
        d=f"M{_n(CENTRE - radius)} {_n(CENTRE)} A{radius} {radius} 0 0 1 "
        f"{_n(CENTRE + radius)} {_n(CENTRE)}",
    )
    size = _font_size(text, math.pi * radius * 0.9, 28)
    element = _label(parent, colour, size)
    _add(element, "textPath", href="#studio-arc", startOffset="50%").text = text
