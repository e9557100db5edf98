"""Tests for baking awards into PNG and SVG badge images and reading them back."""

import contextlib
import io
import json
import struct
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

from badges.openbadges.baking import XML_ILLEGAL, BakingError, bake_png, bake_svg, extract

try:
    import openbadges_bakery
except ImportError:  # a dev-only peer; the comparison tests skip without it
    openbadges_bakery = None

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><circle r="40"/></svg>'
SVG_VARIANTS = [
    SVG,
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->\n' + SVG + b"\n",
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>',
    b'<svg xmlns="http://www.w3.org/2000/svg"\n     data-note="a > b" width=\'9\'>\n<g/></svg>',
    b'<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:rect width="3" height="3"/></s:svg>',
]
MODE_BYTES = {"L": 1, "LA": 2, "P": 1, "RGB": 3, "RGBA": 4}

xml_text = st.text(st.characters(codec="utf-8"), min_size=1, max_size=300).filter(
    lambda text: text.strip() and not XML_ILLEGAL.search(text)
)
urls = st.from_regex(
    r"https://[a-z]{1,20}\.org/public/assertions/[A-Za-z0-9_-]{1,30}", fullmatch=True
)
jws_like = st.lists(
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1),
    min_size=3,
    max_size=3,
).map(".".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(st.characters(codec="utf-8")),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=10,
)
unicode_json = st.dictionaries(st.text(min_size=1), json_values, min_size=1).map(
    lambda value: json.dumps(value, ensure_ascii=False)
)
payloads = (urls | jws_like | unicode_json | xml_text).filter(lambda text: text.strip())


@st.composite
def png_images(draw) -> bytes:
    """A small PNG of random size, colour mode and pixels."""
    mode = draw(st.sampled_from(["1", *MODE_BYTES]))
    size = (draw(st.integers(1, 40)), draw(st.integers(1, 40)))
    length = (size[0] + 7) // 8 * size[1] if mode == "1" else size[0] * size[1] * MODE_BYTES[mode]
    pixels = draw(st.randoms(use_true_random=False)).randbytes(length)
    out = io.BytesIO()
    Image.frombytes(mode, size, pixels).save(out, format="PNG")
    return out.getvalue()


def png(size: tuple[int, int] = (20, 10), pnginfo: PngImagePlugin.PngInfo | None = None) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, "#1f6f43").save(out, format="PNG", pnginfo=pnginfo)
    return out.getvalue()


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    found, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        found.append(
            (data[position + 4 : position + 8], data[position + 8 : position + 8 + length])
        )
        position += 12 + length
    return found


def pixels(data: bytes) -> tuple[str, tuple[int, int], bytes]:
    image = Image.open(io.BytesIO(data))
    return image.mode, image.size, image.tobytes()


# PNG -------------------------------------------------------------------------------------


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(image=png_images(), payload=payloads)
def test_any_payload_baked_into_any_png_comes_back_out_and_no_pixel_changes(image, payload):
    baked = bake_png(image, payload)
    assert extract(baked) == payload.strip()
    assert pixels(baked) == pixels(image)


def test_the_award_is_one_uncompressed_itxt_chunk_right_before_the_end():
    baked = bake_png(png(), "https://example.org/public/assertions/1")
    kinds = [kind for kind, _ in chunks(baked)]
    assert kinds[-2:] == [b"iTXt", b"IEND"]
    assert chunks(baked)[-2][1] == b"openbadges\0\0\0\0\0https://example.org/public/assertions/1"


def test_baking_a_png_twice_leaves_one_chunk_holding_the_second_award():
    twice = bake_png(bake_png(png(), "https://a.org/1"), "https://a.org/2")
    badge_chunks = [data for _, data in chunks(twice) if data.startswith(b"openbadges\0")]
    assert len(badge_chunks) == 1
    assert extract(twice) == "https://a.org/2"


@pytest.mark.parametrize(
    "add",
    [
        lambda info: info.add_text("openbadges", "https://old.org/1"),
        lambda info: info.add_text("openbadges", "https://old.org/1", zip=True),
        lambda info: info.add_itxt("openbadges", "https://old.org/1", zip=True),
    ],
    ids=["tEXt", "zTXt", "compressed iTXt"],
)
def test_an_award_baked_by_an_older_baker_is_read_and_replaced_by_a_new_bake(add):
    info = PngImagePlugin.PngInfo()
    add(info)
    legacy = png(pnginfo=info)
    assert extract(legacy) == "https://old.org/1"
    rebaked = bake_png(legacy, "https://new.org/2")
    assert sum(data.startswith(b"openbadges\0") for _, data in chunks(rebaked)) == 1
    assert extract(rebaked) == "https://new.org/2"


def test_a_png_with_a_damaged_chunk_is_refused_with_a_clear_error():
    baked = bytearray(bake_png(png(), "https://a.org/1"))
    baked[40] ^= 0xFF  # inside IDAT, so the chunk's checksum no longer matches
    with pytest.raises(BakingError, match="damaged"):
        extract(bytes(baked))
    with pytest.raises(BakingError, match="damaged"):
        bake_png(bytes(baked), "https://a.org/2")


@settings(max_examples=100, deadline=None)
@given(position=st.integers(0, 200), flip=st.integers(1, 255))
def test_a_baked_png_with_any_byte_changed_gives_its_award_or_a_baking_error(position, flip):
    baked = bake_png(png(), "https://a.org/1")
    damaged = bytearray(baked)
    damaged[position % len(baked)] ^= flip
    with contextlib.suppress(BakingError):
        assert extract(bytes(damaged)) == "https://a.org/1"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "neither a PNG nor an SVG"),
        (b"GIF89a\x01\x00\x01\x00", "neither a PNG nor an SVG"),
        (png()[:-20], "truncated"),
        (png(), "no baked badge"),
        (b"\x89PNG\r\n\x1a\n", "truncated"),
    ],
    ids=["empty", "gif", "truncated png", "unbaked png", "signature only"],
)
def test_a_file_without_a_readable_baked_png_badge_gives_a_clear_error(data, message):
    with pytest.raises(BakingError, match=message):
        extract(data)


@given(data=st.binary(max_size=300))
def test_random_bytes_never_give_anything_but_a_baking_error(data):
    with pytest.raises(BakingError):
        extract(data)
    with pytest.raises(BakingError):
        extract(b"\x89PNG\r\n\x1a\n" + data)


@pytest.mark.parametrize("payload", ["", "   ", "https://a.org/\x00", "bad\x07bell"])
def test_an_empty_payload_or_one_with_control_characters_is_refused(payload):
    with pytest.raises(BakingError):
        bake_png(png(), payload)
    with pytest.raises(BakingError):
        bake_svg(SVG, "https://a.org/1", payload)


# SVG -------------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(svg=st.sampled_from(SVG_VARIANTS), url=urls, signed=st.none() | payloads)
def test_any_award_baked_into_an_svg_comes_back_out(svg, url, signed):
    baked = bake_svg(svg, url, signed)
    assert extract(baked) == (signed.strip() if signed else url)
    root = ElementTree.fromstring(baked)
    first = root[0]
    assert first.tag == "{http://openbadges.org}assertion"
    assert first.get("verify") == url


@settings(max_examples=50, deadline=None)
@given(svg=st.sampled_from(SVG_VARIANTS), first=urls, second=urls, signed=st.none() | payloads)
def test_baking_an_svg_twice_is_the_same_as_baking_it_once(svg, first, second, signed):
    twice = bake_svg(bake_svg(svg, first, "an old payload"), second, signed)
    assert twice == bake_svg(svg, second, signed)
    assert twice.count(b"<openbadges:assertion") == 1


def test_baking_an_svg_adds_only_the_namespace_and_the_assertion():
    baked = bake_svg(SVG_VARIANTS[1], "https://a.org/1", "aaa.bbb.ccc")
    added = (
        b' xmlns:openbadges="http://openbadges.org">'
        b'<openbadges:assertion verify="https://a.org/1"><![CDATA[aaa.bbb.ccc]]>'
        b"</openbadges:assertion>"
    )
    assert baked.replace(added, b">", 1) == SVG_VARIANTS[1]


@pytest.mark.parametrize(
    "svg, payload",
    [
        (  # the specification's example: JSON in CDATA, indented
            b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'
            b' xmlns:openbadges="http://openbadges.org" viewBox="0 0 512 512">\n'
            b'  <openbadges:assertion verify="https://example.org/assertions/123">\n'
            b'    <![CDATA[\n      {"id": "https://example.org/assertions/123"}\n    ]]>\n'
            b"  </openbadges:assertion>\n</svg>",
            '{"id": "https://example.org/assertions/123"}',
        ),
        (  # a signature in verify and no body, as the specification also allows
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
            b'<openbadges:assertion verify="aaa.bbb.ccc"/></svg>',
            "aaa.bbb.ccc",
        ),
        (  # an old baker that forgot to declare the prefix
            b'<svg xmlns="http://www.w3.org/2000/svg"><g/>'
            b'<openbadges:assertion verify="https://a.org/1"></openbadges:assertion></svg>',
            "https://a.org/1",
        ),
        (  # another prefix for the same namespace
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="http://openbadges.org">'
            b'<ob:assertion verify="https://a.org/2"/></svg>',
            "https://a.org/2",
        ),
    ],
    ids=["spec example", "signature in verify", "undeclared prefix", "other prefix"],
)
def test_svgs_baked_by_others_are_read(svg, payload):
    assert extract(svg) == payload
    rebaked = bake_svg(svg, "https://laurel.example/public/assertions/9")
    assert rebaked.count(b"assertion verify=") == 1
    assert extract(rebaked) == "https://laurel.example/public/assertions/9"


@pytest.mark.parametrize(
    "svg, message",
    [
        (SVG, "no baked badge"),
        (b"<html><body/></html>", "not <svg>"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>", "not well-formed"),
        (
            b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b"<svg><openbadges:assertion verify='&b;'/></svg>",
            "entities",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
            b"<openbadges:assertion/></svg>",
            "empty",
        ),
    ],
    ids=["unbaked", "html", "malformed", "entity declarations", "empty assertion"],
)
def test_an_svg_without_a_readable_baked_badge_gives_a_clear_error(svg, message):
    with pytest.raises(BakingError, match=message):
        extract(svg)


def test_baking_an_svg_needs_an_absolute_verify_url():
    with pytest.raises(BakingError, match="absolute http"):
        bake_svg(SVG, "/public/assertions/1")


# Compared with the openbadges-bakery package ---------------------------------------------

needs_bakery = pytest.mark.skipif(
    openbadges_bakery is None, reason="openbadges-bakery (requirements-dev.txt) is not installed"
)


def unbake(data: bytes) -> str:
    # On Python 3 the bakery returns an SVG's verify URL as bytes, a PNG's as str.
    found = openbadges_bakery.unbake(io.BytesIO(data))
    return found.decode() if isinstance(found, bytes) else found


@needs_bakery
def test_openbadges_bakery_reads_what_laurel_bakes():
    url = "https://laurel.example/public/assertions/abc"
    assert unbake(bake_png(png(), url)) == url
    assert unbake(bake_svg(SVG, url)) == url
    # For a signed SVG the bakery gives the verify URL, Laurel the JWS; both lead to the award.
    assert unbake(bake_svg(SVG, url, "aaa.bbb.ccc")) == url


@needs_bakery
@pytest.mark.filterwarnings("ignore::DeprecationWarning:rfc3986.*")
def test_laurel_reads_what_openbadges_bakery_bakes():
    url = "https://laurel.example/public/assertions/abc"
    assert extract(openbadges_bakery.bake(io.BytesIO(png()), url).read()) == url
    assert extract(openbadges_bakery.bake(io.BytesIO(SVG), url).read()) == url
    testfiles = openbadges_bakery.__path__[0] + "/testfiles/"
    with open(testfiles + "baked_heart.png", "rb") as handle:
        heart = handle.read()
    assert extract(heart) == unbake(heart)
    with open(testfiles + "baked_example.svg", "rb") as handle:
        example = handle.read()
    # Laurel returns the whole assertion in the CDATA; the bakery its verify URL.
    assert json.loads(extract(example))["verify"]["url"] == unbake(example)


def test_a_png_with_two_baked_badges_is_refused_with_a_clear_error():
    info = PngImagePlugin.PngInfo()
    info.add_itxt("openbadges", "https://a.org/1")
    info.add_text("openbadges", "https://b.org/2")
    with pytest.raises(BakingError, match="more than one baked badge"):
        extract(png(pnginfo=info))
