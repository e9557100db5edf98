"""Public image requests never draw an SVG: they serve the drawing kept at upload."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from badges.images import prepare_badge_image
from badges.models import StoredRendition
from badges.tests.factories import SVG_BADGE, make_badge, make_issuer
from badges.tests.hostile import payloads

pytestmark = pytest.mark.django_db


def test_an_svg_badge_is_drawn_once_at_upload_and_its_png_is_served_from_that(client):
    badge = make_badge(make_issuer(), image=SVG_BADGE, image_name="badge.svg")
    assert StoredRendition.objects.filter(key=f"drawing/{badge.image.name}").exists()

    url = reverse("badges:image", args=["badges", badge.entity_id])
    png = client.get(url, {"type": "png"})
    wide = client.get(url, {"fmt": "wide"})

    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert wide.status_code == 200 and wide["Content-Type"] == "image/png"


def test_an_old_svg_bomb_without_a_drawing_is_404_on_request_and_refused_by_the_command(
    client, capsys
):
    badge = make_badge(make_issuer(), image=SVG_BADGE, image_name="badge.svg")
    # As stored by the code before the budget: a bomb saved without a kept drawing.
    StoredRendition.objects.all().delete()
    badge.image.save("old-bomb.svg", ContentFile(payloads.marker_bomb(8)), save=True)
    url = reverse("badges:image", args=["badges", badge.entity_id])

    assert client.get(url, {"type": "png"}).status_code == 404
    assert client.get(url, {"fmt": "wide"}).status_code == 404
    call_command("draw_svg_images")
    assert "1 refused" in capsys.readouterr().out
    assert client.get(url, {"type": "png"}).status_code == 404


def test_the_command_draws_old_svg_images_that_have_no_drawing(client):
    badge = make_badge(make_issuer(), image=SVG_BADGE, image_name="badge.svg")
    StoredRendition.objects.all().delete()
    url = reverse("badges:image", args=["badges", badge.entity_id])
    assert client.get(url, {"type": "png"}).status_code == 404

    call_command("draw_svg_images")

    assert client.get(url, {"type": "png"}).status_code == 200


def test_the_scrubber_removes_outside_urls_in_image_set_and_animated_xlink_href():
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' width="10" height="10"><style>rect{fill:image-set("https://evil.example/a.png" 1x)}'
        b'</style><a><set attributeName="xlink:href" to="https://evil.example/"/>'
        b'<rect width="9" height="9"/></a></svg>'
    )
    content = prepare_badge_image(svg, "x.svg").content.decode()

    assert "evil.example" not in content
    assert "<rect" in content
