"""Tests for checking, scaling and scrubbing uploaded badge images, and the conversions."""

import base64
import io
import struct
import time
import zlib
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from badges.images import (
    MAX_IMAGE_BYTES,
    MAX_SVG_BYTES,
    ImageError,
    prepare_badge_image,
    svg_to_png,
    wide_card,
)
from badges.openbadges.baking import BakingError, bake_png, bake_svg, extract
from badges.openbadges.images import image_dimensions

SVG_NS = "{http://www.w3.org/2000/svg}"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><rect width="9"/></svg>'


def png(size=(120, 80), mode="RGBA", color="#1f6f43") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, format="PNG")
    return out.getvalue()


TINY_PNG = png((1, 1))


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def png_claiming(width: int, height: int) -> bytes:
    """A few dozen bytes whose header claims a huge RGBA image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


# PNG -------------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(width=st.integers(1, 1200), height=st.integers(1, 1200))
def test_a_png_is_scaled_so_its_long_side_is_at_most_400px_keeping_its_shape(width, height):
    prepared = prepare_badge_image(png((width, height), mode="RGB"))
    long_side = max(prepared.width, prepared.height)
    assert long_side == min(400, max(width, height))
    assert opened(prepared.content).size == (prepared.width, prepared.height)
    scale = min(1, 400 / max(width, height))
    assert abs(prepared.width - width * scale) <= 1
    assert abs(prepared.height - height * scale) <= 1


def test_a_png_larger_than_400px_is_scaled_down():
    prepared = prepare_badge_image(png((1000, 500)))
    assert (prepared.mime_type, prepared.extension) == ("image/png", "png")
    assert (prepared.width, prepared.height) == (400, 200)


def test_a_small_png_keeps_its_size_and_pixels():
    original = png((120, 80))
    prepared = prepare_badge_image(original, "badge.png")
    assert (prepared.width, prepared.height) == (120, 80)
    assert opened(prepared.content).tobytes() == opened(original).tobytes()


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_a_scaled_png_keeps_its_transparency(mode):
    image = Image.new("RGBA", (800, 800), (0, 0, 0, 0))
    image.paste((200, 30, 30, 255), (200, 200, 600, 600))
    if mode == "P":
        image = image.convert("P")  # the fully transparent colour becomes the palette key
        image.info["transparency"] = image.getpixel((0, 0))
    elif mode == "LA":
        image = image.convert("LA")
    out = io.BytesIO()
    image.save(out, format="PNG")
    scaled = opened(prepare_badge_image(out.getvalue()).content).convert("RGBA")
    assert scaled.size == (400, 400)
    assert scaled.getpixel((5, 5))[3] == 0
    assert scaled.getpixel((200, 200))[3] == 255


def test_preparing_a_png_drops_its_text_metadata_and_any_baked_award():
    baked = bake_png(png(), "https://old.example/public/assertions/1")
    with pytest.raises(BakingError, match="no baked badge"):
        extract(prepare_badge_image(baked).content)


def test_a_jpeg_is_refused_naming_the_accepted_types_even_when_named_png():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="JPEG")
    with pytest.raises(ImageError, match=r"'photo.png' is a JPEG image, not a PNG or SVG"):
        prepare_badge_image(out.getvalue(), "photo.png")


def test_a_text_file_named_png_is_refused():
    with pytest.raises(ImageError, match=r"'notes.png' is not a PNG or SVG image"):
        prepare_badge_image(b"just some notes\n", "notes.png")


def test_an_empty_file_is_refused():
    with pytest.raises(ImageError, match="empty"):
        prepare_badge_image(b"", "badge.png")


def test_a_truncated_png_is_refused():
    with pytest.raises(ImageError, match="damaged or truncated"):
        prepare_badge_image(png((300, 300))[:200])


def test_a_png_whose_header_is_garbage_is_refused_saying_what_is_wrong_without_a_repr():
    with pytest.raises(ImageError) as refused:
        prepare_badge_image(b"\x89PNG\r\n\x1a\n" + b"\0" * 30)

    assert "damaged or truncated" in str(refused.value)
    assert "<" not in str(refused.value) and "object at" not in str(refused.value)


def test_a_file_over_2_mib_is_refused_before_it_is_read():
    with pytest.raises(ImageError, match="at most 2 MiB"):
        prepare_badge_image(png()[:100] + b"\0" * MAX_IMAGE_BYTES)


def test_a_decompression_bomb_is_refused_quickly():
    started = time.perf_counter()
    with pytest.raises(ImageError, match="more than 40 megapixels"):
        prepare_badge_image(png_claiming(30000, 30000))
    with pytest.raises(ImageError, match="more than 40 megapixels"):
        prepare_badge_image(png_claiming(7000, 7000))  # under Pillow's own limit, over ours
    assert time.perf_counter() - started < 1


# SVG -------------------------------------------------------------------------------------

DIRTY_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    b'xmlns:openbadges="http://openbadges.org" xmlns:h="http://www.w3.org/1999/xhtml" '
    b'width="10" height="10" onload="alert(1)" xml:base="https://evil.example/">'
    b'<openbadges:assertion verify="https://old.example/1"/>'
    b"<script>alert(2)</script><h:script>alert(3)</h:script>"
    b'<image xlink:href="https://evil.example/x.png" width="5" height="5"/>'
    b'<image href="data:image/png;base64,'
    + base64.b64encode(TINY_PNG)
    + b'" width="1" height="1"/>'
    b'<a href="java&#9;script:alert(4)"><rect width="5" height="5" '
    b"style=\"fill:url('https://evil.example/f')\"/></a>"
    b'<rect width="2" height="2" fill="url(https://evil.example/g)" onclick="alert(5)"/>'
    b"<style>@import url(https://evil.example/s.css);</style>"
    b"<style>.keep { fill: url('#grad') }</style>"
    b'<set attributeName="href" to="javascript:alert(6)"/>'
    b"<foreignObject><p>hi</p></foreignObject>"
    b'<linearGradient id="grad"/><use xlink:href="#grad"/><circle r="3" fill="url(#grad)"/></svg>'
)


def test_an_svg_is_scrubbed_of_scripts_handlers_and_outside_references():
    prepared = prepare_badge_image(DIRTY_SVG, "badge.svg")
    clean = prepared.content
    for bad in (
        b"onload",
        b"onclick",
        b"script",
        b"evil.example",
        b"foreignObject",
        b"@import",
        b"<set",
        b"openbadges",
        b"xhtml",
    ):
        assert bad not in clean
    for kept in (b"<circle", b'fill="url(#grad)"', b"url('#grad')", b"data:image/png;base64"):
        assert kept in clean
    root = ElementTree.fromstring(clean)
    assert root.tag == f"{SVG_NS}svg"
    assert root.find(f"{SVG_NS}use").get("{http://www.w3.org/1999/xlink}href") == "#grad"
    assert (prepared.mime_type, prepared.extension, prepared.width) == ("image/svg+xml", "svg", 10)


def test_a_scrubbed_svg_is_drawn_with_its_long_side_at_400px():
    clean = prepare_badge_image(DIRTY_SVG).content
    assert opened(svg_to_png(clean)).size == (400, 400)
    tall = prepare_badge_image(
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 50 100"><rect width="9"/></svg>'
    )
    assert (tall.width, tall.height) == (50, 100)
    assert opened(svg_to_png(tall.content)).size == (200, 400)


def test_an_svg_without_its_namespace_is_given_it_so_browsers_draw_it():
    prepared = prepare_badge_image(b'<svg width="2cm" height="1in"><circle r="3"/></svg>')
    root = ElementTree.fromstring(prepared.content)
    assert [element.tag for element in root.iter()] == [f"{SVG_NS}svg", f"{SVG_NS}circle"]
    assert (prepared.width, prepared.height) == (76, 96)


@pytest.mark.parametrize(
    "svg",
    [
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>',
        b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><svg>&c;</svg>',
        b'<!DOCTYPE svg [<!ENTITY file SYSTEM "file:///etc/passwd">]><svg>&file;</svg>',
    ],
    ids=["entity", "public doctype", "billion laughs", "external entity"],
)
def test_an_svg_with_a_doctype_or_entities_is_refused(svg):
    with pytest.raises(ImageError, match="DOCTYPE or entities"):
        prepare_badge_image(svg, "badge.svg")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<html><body>hi</body></html>", "root is <html>, not <svg>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><g></svg>', "not a well-formed SVG"),
        (SVG[:-6] + b" " * MAX_SVG_BYTES + b"</svg>", "at most 512 KiB"),
    ],
    ids=["html", "malformed", "too big"],
)
def test_xml_that_is_not_a_usable_svg_is_refused(data, message):
    with pytest.raises(ImageError, match=message):
        prepare_badge_image(data)


def test_a_prepared_svg_can_be_baked_and_still_draws():
    prepared = prepare_badge_image(DIRTY_SVG)
    baked = bake_svg(prepared.content, "https://laurel.example/public/assertions/1")
    assert extract(baked) == "https://laurel.example/public/assertions/1"
    assert opened(svg_to_png(baked)).size == (400, 400)


# Conversions -----------------------------------------------------------------------------


def test_the_wide_card_is_1200_by_628_with_the_badge_centred():
    card = opened(wide_card(png((400, 400), color="#ff0000"), background="#0000ff"))
    assert card.size == (1200, 628)
    assert card.getpixel((600, 314)) == (255, 0, 0)
    assert card.getpixel((5, 5)) == (0, 0, 255)
    assert card.getpixel((600, 20)) == (0, 0, 255)  # padding above the badge


def test_a_wide_badge_fits_the_card_across():
    card = opened(wide_card(png((2000, 100), color="#ff0000")))
    assert card.getpixel((60, 314)) == (255, 0, 0)
    assert card.getpixel((20, 314)) == (255, 255, 255)


def test_a_wide_card_with_a_bad_colour_is_refused():
    with pytest.raises(ImageError, match="not a colour"):
        wide_card(png(), background="blurple")


def test_image_dimensions_read_png_and_svg():
    assert image_dimensions(png((30, 20))) == (30, 20)
    assert image_dimensions(SVG) == (100, 50)
    assert image_dimensions(b'<svg xmlns="http://www.w3.org/2000/svg"/>') == (0, 0)
    with pytest.raises(ImageError):
        image_dimensions(b"GIF89a")
