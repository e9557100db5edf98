"""The badge studio draws clean, reproducible SVG badges and refuses choices it cannot draw."""

import io

import pytest
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from PIL import Image

from badges.images import prepare_badge_image, svg_to_png
from badges.openbadges.baking import PNG_SIGNATURE
from badges.studio import (
    DEFAULT_DESIGN,
    ICONS,
    MAX_TEXT,
    SHAPES,
    TEXT_MODES,
    clean_design,
    graphic_data_uri,
    render_design,
)
from badges.tests.factories import SVG_BADGE, png_bytes

SVG = "{http://www.w3.org/2000/svg}"
EVERY_LOOK = [
    {"shape": shape, "text": text, "text_mode": mode, "border": border, "gradient": gradient}
    for shape in SHAPES
    for mode in TEXT_MODES
    for text, border, gradient in (("Data & <Analysis>", "thick", True), ("", "none", False))
]


@pytest.mark.parametrize("choices", EVERY_LOOK, ids=lambda c: f"{c['shape']}-{c['text_mode']}")
def test_every_shape_and_text_placement_draws_a_square_badge_the_scrubber_keeps_as_it_is(choices):
    svg = render_design(choices)

    root = fromstring(svg)  # well-formed
    assert root.get("viewBox") == "0 0 400 400"
    prepared = prepare_badge_image(svg, "design.svg")
    assert prepared.content == svg, "the scrubber changed nothing"
    assert (prepared.width, prepared.height) == (400, 400)
    png = svg_to_png(svg)
    assert png.startswith(PNG_SIGNATURE)
    assert Image.open(io.BytesIO(png)).size == (400, 400)


def test_the_text_is_escaped_and_drawn_where_it_was_placed():
    on_ribbon = render_design({"text": "Data & <Analysis>", "text_mode": "ribbon"})
    on_arc = render_design({"text": "Data & <Analysis>", "text_mode": "arc"})

    assert b"Data &amp; &lt;Analysis&gt;" in on_ribbon
    texts = [t.text for t in fromstring(on_ribbon).iter(f"{SVG}text")]
    assert texts == ["Data & <Analysis>"]
    path_texts = [t.text for t in fromstring(on_arc).iter(f"{SVG}textPath")]
    assert path_texts == ["Data & <Analysis>"]


def test_the_same_choices_make_the_same_bytes_and_different_choices_different_ones():
    design = {"shape": "star", "icon": "rocket", "text": "Launch", "text_mode": "arc"}

    assert render_design(design) == render_design(dict(design))
    assert render_design(design) != render_design({**design, "icon": "compass"})
    assert render_design(design) != render_design({**design, "shape": "shield"})


def test_the_icon_is_drawn_inline_from_the_bundled_set_in_its_colour():
    svg = render_design({"icon": "flask", "icon_colour": "#ABCDEF"})

    groups = [g for g in fromstring(svg).iter(f"{SVG}g") if g.get("stroke") == "#abcdef"]
    assert len(groups) == 1 and len(groups[0]) >= 1
    assert b"<use" not in svg and b"studio_icons" not in svg
    assert len(ICONS) >= 60 and {"award", "certificate", "school", "code", "heart"} <= set(ICONS)


def test_a_gradient_background_uses_both_colours():
    svg = render_design({"gradient": True, "background": "#112233", "background2": "#445566"})

    stops = [s.get("stop-color") for s in fromstring(svg).iter(f"{SVG}stop")]
    assert stops == ["#112233", "#445566"]
    assert b"#445566" not in render_design({"gradient": False, "background2": "#445566"})


@pytest.mark.parametrize("upload", [png_bytes((800, 500)), SVG_BADGE], ids=["png", "svg"])
def test_an_uploaded_graphic_is_embedded_as_a_small_png_and_the_badge_still_passes(upload):
    svg = render_design({"text": "Graphic"}, graphic=upload)

    images = list(fromstring(svg).iter(f"{SVG}image"))
    assert len(images) == 1
    assert images[0].get("href").startswith("data:image/png;base64,")
    assert prepare_badge_image(svg).content == svg
    assert svg_to_png(svg).startswith(PNG_SIGNATURE)


def test_a_kept_graphic_cleans_to_itself_so_a_saved_design_draws_the_same_badge_again():
    design = clean_design({"graphic": graphic_data_uri(png_bytes((600, 600)))})

    assert clean_design(design) == design
    assert render_design(design) == render_design(clean_design(design))


def test_missing_choices_take_the_defaults_and_unknown_keys_are_left_out():
    assert clean_design({"csrfmiddlewaretoken": "x"}) == DEFAULT_DESIGN


@pytest.mark.parametrize(
    "choices, field, words",
    [
        ({"shape": "triangle"}, "shape", "'triangle' is not one of the studio's shapes"),
        ({"icon": "no-such-icon"}, "icon", "'no-such-icon' is not one of the studio's icons"),
        ({"background": "red"}, "background", "give one as # and six hex digits"),
        ({"border_colour": "#12345"}, "border_colour", "not a colour"),
        ({"text": "x" * (MAX_TEXT + 1)}, "text", f"at most {MAX_TEXT}"),
        ({"text": "bell\x07"}, "text", "control characters"),
        ({"text_mode": "spiral"}, "text_mode", "not one of the studio's text placements"),
        ({"gradient": "maybe"}, "gradient", "neither yes nor no"),
        ({"graphic": "data:text/html;base64,PGI+"}, "graphic", "damaged"),
    ],
)
def test_a_bad_choice_is_refused_with_a_message_on_its_field(choices, field, words):
    with pytest.raises(ValidationError) as refused:
        render_design(choices)

    assert list(refused.value.message_dict) == [field]
    assert words in refused.value.message_dict[field][0]


def test_an_uploaded_graphic_that_is_not_an_image_is_refused_on_the_graphic_field():
    with pytest.raises(ValidationError) as refused:
        render_design({}, graphic=b"%PDF-1.7 not an image")

    assert "a PDF document, not a PNG or SVG image" in refused.value.message_dict["graphic"][0]
