"""SVG bombs: each is refused at upload with a clear error on the image field, within seconds
(the code before the drawing budget spent 20 s to minutes on each, or crashed)."""

import time

import pytest
from django.core.exceptions import ValidationError

from badges import images
from badges.tests.factories import make_badge, make_issuer
from badges.tests.hostile import payloads

# Generous for a loaded machine: the refusals take milliseconds on a quiet one.
BOUND_SECONDS = 5.0

BOMBS = {
    "nested markers": (payloads.marker_bomb, "draws more than"),
    "nested patterns": (payloads.pattern_bomb, "draws more than"),
    "nested use": (payloads.use_bomb, "draws more than"),
    "deep nesting": (payloads.deep_nesting, "levels deep"),
    "huge canvas": (payloads.huge_canvas, "12000 x 12000 pixels"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("bomb", BOMBS)
def test_an_svg_bomb_is_refused_at_upload_with_an_image_error_within_seconds(bomb):
    make_payload, says = BOMBS[bomb]
    issuer = make_issuer()
    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        make_badge(issuer, make_payload(), "bomb.svg", name="Bomb")
    elapsed = time.monotonic() - started

    assert says in " ".join(refused.value.message_dict["image"])
    assert elapsed < BOUND_SECONDS, f"{bomb} took {elapsed:.1f} s"


def test_a_drawing_over_the_time_budget_is_stopped_and_refused(monkeypatch):
    # Past the cheap complexity check (made lenient here), the drawing process is killed.
    monkeypatch.setattr(images, "MAX_DRAWN", 10**12)
    monkeypatch.setattr(images, "MAX_REFERENCE_DEPTH", 100)
    monkeypatch.setattr(images, "RENDER_SECONDS", 1.0)
    started = time.monotonic()
    with pytest.raises(images.ImageError, match="longer than 1 seconds to draw"):
        images.prepare_badge_image(payloads.marker_bomb(8), "bomb.svg")
    assert time.monotonic() - started < BOUND_SECONDS


def test_a_drawing_over_the_memory_budget_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_EMBEDDED_PIXELS", 10**12)
    with pytest.raises(images.ImageError, match="needs more memory to draw"):
        images.prepare_badge_image(payloads.huge_canvas(), "canvas.svg")
