import io

import pytest
from PIL import Image

from badges.images import ImageError, prepare_badge_image, svg_to_png
from badges.tests.factories import SVG_BADGE, png_bytes


def test_a_png_larger_than_400px_is_scaled_down_keeping_its_shape():
    prepared = prepare_badge_image(png_bytes((1000, 500)))
    assert (prepared.width, prepared.height) == (400, 200)
    assert Image.open(io.BytesIO(prepared.content)).size == (400, 200)


def test_a_jpeg_is_refused_naming_the_accepted_types():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="JPEG")
    with pytest.raises(ImageError, match="not a PNG or SVG"):
        prepare_badge_image(out.getvalue(), "photo.png")


def test_a_truncated_png_is_refused():
    with pytest.raises(ImageError, match="damaged or truncated"):
        prepare_badge_image(png_bytes((300, 300))[:200])


def test_a_decompression_bomb_is_refused():
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, format="PNG")  # tiny file, 400 megapixels
    with pytest.raises(ImageError, match="too many pixels"):
        prepare_badge_image(out.getvalue())


def test_an_svg_is_scrubbed_of_scripts_handlers_and_outside_references():
    dirty = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'width="10" height="10" onload="alert(1)"><script>alert(2)</script>'
        b'<image xlink:href="https://evil.example/x.png" width="5" height="5"/>'
        b'<a href="javascript:alert(3)"><rect width="5" height="5" style="fill:url(https://e.x/f)"/></a>'
        b'<foreignObject><p>hi</p></foreignObject><circle r="3" fill="red"/></svg>'
    )
    clean = prepare_badge_image(dirty).content
    for bad in (b"onload", b"<script", b"evil.example", b"javascript:", b"foreignObject", b"e.x/f"):
        assert bad not in clean
    assert b"<circle" in clean
    assert svg_to_png(clean).startswith(b"\x89PNG")


def test_an_svg_with_entities_is_refused():
    evil = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'
    with pytest.raises(ImageError, match="entities"):
        prepare_badge_image(evil)


def test_a_clean_svg_keeps_its_size():
    prepared = prepare_badge_image(SVG_BADGE)
    assert (prepared.mime_type, prepared.width, prepared.height) == ("image/svg+xml", 100, 100)
