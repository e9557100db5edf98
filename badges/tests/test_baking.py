import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from badges.openbadges.baking import BakingError, bake_png, bake_svg, extract
from badges.tests.factories import SVG_BADGE, png_bytes

payloads = st.text(min_size=1, max_size=2000).filter(lambda text: "\0" not in text)


@settings(max_examples=60, deadline=None)
@given(payload=payloads, width=st.integers(1, 64), height=st.integers(1, 64))
def test_any_payload_baked_into_a_png_is_extracted_unchanged(payload, width, height):
    image = png_bytes((width, height))
    assert extract(bake_png(image, payload)) == payload


@settings(max_examples=60, deadline=None)
@given(
    url=st.from_regex(
        r"https://[a-z]{1,20}\.org/public/assertions/[A-Za-z0-9_-]{1,30}", fullmatch=True
    ),
    jws=st.none() | payloads,
)
def test_any_award_baked_into_an_svg_is_extracted_unchanged(url, jws):
    assert extract(bake_svg(SVG_BADGE, url, jws)) == (jws or url)


def test_baking_twice_leaves_one_assertion_and_the_pixels_untouched():
    image = png_bytes((40, 30), "#abcdef")
    twice = bake_png(bake_png(image, "https://a.org/1"), "https://a.org/2")
    assert twice.count(b"openbadges") == 1
    assert extract(twice) == "https://a.org/2"
    assert Image.open(io.BytesIO(twice)).tobytes() == Image.open(io.BytesIO(image)).tobytes()
    svg = bake_svg(bake_svg(SVG_BADGE, "https://a.org/1"), "https://a.org/2")
    assert svg.count(b"<openbadges:assertion") == 1 and extract(svg) == "https://a.org/2"


@pytest.mark.parametrize(
    "data",
    [b"", b"GIF89a....", png_bytes()[:-20], png_bytes(), SVG_BADGE],
    ids=["empty", "gif", "truncated png", "unbaked png", "unbaked svg"],
)
def test_a_file_without_a_baked_badge_gives_a_clear_error(data):
    with pytest.raises(BakingError):
        extract(data)
