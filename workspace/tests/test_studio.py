"""The badge studio pages as an issuer uses them: design, live preview, save, rights."""

import pytest
from defusedxml.ElementTree import fromstring
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from badges.images import prepare_badge_image
from badges.models import Role
from badges.services.issuers import issuer_staff_add
from badges.studio import render_design
from badges.tests.factories import SVG_BADGE, make_badge, make_issuer

pytestmark = pytest.mark.django_db

CHOICES = {
    "shape": "hexagon",
    "background": "#00796b",
    "gradient": "on",
    "background2": "#1d3557",
    "border": "thin",
    "border_colour": "#f2b705",
    "icon": "rocket",
    "icon_colour": "#ffffff",
    "text": "Launch & Learn",
    "text_mode": "arc",
    "text_colour": "#ffffff",
    "ribbon_colour": "#c62828",
}


def form_data(**changes) -> dict:
    return {f"studio-{name}": value for name, value in {**CHOICES, **changes}.items()}


@pytest.fixture
def owner():
    return UserFactory(email="owner@example.org")


@pytest.fixture
def badge(owner):
    return make_badge(make_issuer(owner=owner), name="Rocketry")


def studio_url(badge) -> str:
    return reverse("studio:studio", args=[badge.issuer.entity_id, badge.entity_id])


def member(badge, owner, role: str):
    person = UserFactory()
    issuer_staff_add(issuer=badge.issuer, user=owner, member=person, role=role)
    return person


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_preview_answers_the_badge_drawn_from_the_choices_as_svg(owner, badge):
    response = signed_in(owner).post(reverse("studio:preview"), form_data())

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content == render_design({**CHOICES, "gradient": True})


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"shape": "triangle"}, "Shape: 'triangle' is not one of the studio's shapes"),
        ({"icon": "unicorn"}, "Icon: 'unicorn' is not one of the studio's icons"),
        ({"background": "blue"}, "Background colour: 'blue' is not a colour"),
        ({"text": "A text far too long for any badge"}, "Text on the badge: The text has 33"),
    ],
)
def test_the_preview_refuses_bad_choices_with_400_and_says_why(owner, badge, changes, words):
    response = signed_in(owner).post(reverse("studio:preview"), form_data(**changes))

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert words in response.content.decode()


def test_the_preview_refuses_a_graphic_that_is_not_an_image(owner, badge):
    data = form_data()
    data["studio-graphic"] = SimpleUploadedFile("notes.pdf", b"%PDF-1.7 not an image")
    response = signed_in(owner).post(reverse("studio:preview"), data)

    assert response.status_code == 400
    assert "Your own graphic: The file 'notes.pdf' is a PDF document" in response.content.decode()


def test_the_preview_needs_a_csrf_token(owner, badge):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    assert client.post(reverse("studio:preview"), form_data()).status_code == 403


def test_the_preview_is_for_people_who_may_edit_badges_somewhere(owner, badge):
    staff = member(badge, owner, Role.STAFF)

    assert signed_in(UserFactory()).post(reverse("studio:preview"), form_data()).status_code == 403
    assert signed_in(staff).post(reverse("studio:preview"), form_data()).status_code == 403
    assert Client().post(reverse("studio:preview"), form_data()).status_code == 302


def test_saving_in_the_studio_makes_the_design_the_badge_image_and_reopening_shows_it(owner, badge):
    client = signed_in(owner)
    page = client.get(studio_url(badge))
    assert page.status_code == 200
    assert 'value="Rocketry"' in page.content.decode(), "a new design starts with the name"

    response = client.post(studio_url(badge), {**form_data(), "action": "save"})

    assert response.status_code == 302
    badge.refresh_from_db()
    assert badge.design["shape"] == "hexagon" and badge.design["icon"] == "rocket"
    assert badge.image.name.endswith(".svg")
    saved = badge.image.read()
    assert saved == render_design(badge.design)
    assert prepare_badge_image(saved).content == saved
    reopened = client.get(studio_url(badge)).content.decode()
    assert 'value="hexagon" id="id_studio-shape_1" required checked' in reopened
    assert '<option value="rocket" selected>' in reopened
    assert 'value="Launch &amp; Learn"' in reopened
    assert "The new image of Rocketry is saved." in reopened


def test_a_graphic_uploaded_once_is_kept_through_preview_and_save(owner, badge):
    client = signed_in(owner)
    data = {
        **form_data(),
        "action": "preview",
        "studio-graphic": SimpleUploadedFile("logo.svg", SVG_BADGE),
    }

    preview = client.post(studio_url(badge), data)

    assert preview.status_code == 200
    kept = preview.context["studio_form"]["kept_graphic"].value()
    assert kept.startswith("data:image/png;base64,")
    assert (
        client.post(
            studio_url(badge), {**form_data(), "studio-kept_graphic": kept, "action": "save"}
        ).status_code
        == 302
    )
    badge.refresh_from_db()
    assert badge.design["graphic"] == kept
    assert len(list(fromstring(badge.image.read()).iter("{http://www.w3.org/2000/svg}image"))) == 1

    client.post(studio_url(badge), {**form_data(), "studio-kept_graphic": kept,
                                    "studio-remove_graphic": "on", "action": "save"})  # fmt: skip
    badge.refresh_from_db()
    assert badge.design["graphic"] == ""


def test_the_preview_button_redraws_the_page_without_saving(owner, badge):
    before = badge.image.name
    response = signed_in(owner).post(
        studio_url(badge), {**form_data(shape="star"), "action": "preview"}
    )

    assert response.status_code == 200
    assert response.context["studio_preview"].startswith("data:image/svg+xml;base64,")
    assert 'value="star" id="id_studio-shape_4" required checked' in response.content.decode()
    badge.refresh_from_db()
    assert badge.image.name == before and badge.design == {}


def test_a_refused_save_shows_the_error_beside_the_field_and_changes_nothing(owner, badge):
    response = signed_in(owner).post(
        studio_url(badge), {**form_data(border_colour="gold"), "action": "save"}
    )

    assert response.status_code == 400
    assert "&#x27;gold&#x27; is not a colour" in response.content.decode()
    badge.refresh_from_db()
    assert badge.design == {}


@pytest.mark.parametrize(
    "who, get_status, post_status",
    [
        ("owner", 200, 302),
        ("editor", 200, 302),
        ("staff", 403, 403),
        ("other issuer's owner", 404, 404),
        ("signed-in stranger", 404, 404),
        ("operator", 200, 302),
    ],
)
def test_owners_and_editors_may_design_staff_may_not_and_others_see_no_such_page(
    owner, badge, who, get_status, post_status
):
    people = {
        "owner": lambda: owner,
        "editor": lambda: member(badge, owner, Role.EDITOR),
        "staff": lambda: member(badge, owner, Role.STAFF),
        "other issuer's owner": lambda: make_issuer(name="Elsewhere").staff.get().user,
        "signed-in stranger": UserFactory,
        "operator": lambda: UserFactory(is_superuser=True),
    }
    client = signed_in(people[who]())

    assert client.get(studio_url(badge)).status_code == get_status
    assert client.post(studio_url(badge), {**form_data(), "action": "save"}).status_code == (
        post_status
    )


def test_a_signed_out_visitor_is_sent_to_sign_in(badge):
    response = Client().get(studio_url(badge))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_badge_of_another_issuer_is_not_found_under_this_issuer(owner, badge):
    elsewhere = make_badge(make_issuer(owner=owner, name="Second issuer"), name="Other")
    url = reverse("studio:studio", args=[badge.issuer.entity_id, elsewhere.entity_id])

    assert signed_in(owner).get(url).status_code == 404


def test_the_studio_fields_are_labelled_and_grouped_for_keyboard_and_screen_reader_use(
    owner, badge
):
    html = signed_in(owner).get(studio_url(badge)).content.decode()

    assert html.count("<fieldset") == 7 and html.count("<legend") == 7
    for name in ("background", "background2", "border_colour", "icon", "text", "graphic"):
        assert f'<label for="id_studio-{name}">' in html
    assert 'src="/static/js/studio.js"' in html and "<script>" not in html
