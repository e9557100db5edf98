"""The profile page: a learner's display name, photo and whether their public pages name them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import User
from accounts.tests.factories import signed_in
from badges.tests.factories import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(client):
    return signed_in(client, email="ada@example.org")


def save(client, **data):
    return client.post(
        reverse("account-profile"),
        {"display_name": "", "show_name_publicly": "on", **data},
    )


def test_a_learner_sets_their_display_name_and_photo(client, ada):
    page = client.get(reverse("account-profile")).content.decode()
    assert "Display name" in page and "checked" in page  # named on shared pages by default
    response = save(
        client,
        display_name="  Ada   Lovelace ",
        photo=SimpleUploadedFile("me.jpg", jpeg_bytes(), content_type="image/jpeg"),
    )
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.display_name == "Ada Lovelace" and ada.show_name_publicly
    photo = client.get(reverse("account-photo", args=[ada.entity_id]))
    assert photo["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(photo.content)).size == (256, 256)


def test_a_file_that_is_not_an_image_is_refused_with_a_form_error(client, ada):
    response = save(
        client,
        display_name="Ada",
        photo=SimpleUploadedFile("me.png", b"%PDF-1.7 not a photo", content_type="image/png"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_photo_error"' in html and "This file is not a photo" in html
    assert 'aria-describedby="id_photo_helptext id_photo_error"' in html
    assert not User.objects.get(pk=ada.pk).photo


def test_a_photo_over_the_size_limit_is_refused(client, ada):
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 1))
    response = save(client, photo=big)
    assert response.status_code == 400 and "at most 2 MB" in response.content.decode()


def test_a_learner_who_hides_their_name_keeps_their_photo_to_themselves(client, ada):
    save(client, display_name="Ada", photo=SimpleUploadedFile("a.png", png_bytes()))
    client.post(reverse("account-profile"), {"display_name": "Ada"})  # the box unticked
    ada.refresh_from_db()
    assert not ada.show_name_publicly
    url = reverse("account-photo", args=[ada.entity_id])
    assert client.get(url).status_code == 200  # the learner sees their own photo
    client.logout()
    assert client.get(url).status_code == 404


def test_a_learner_removes_their_photo(client, ada):
    save(client, display_name="Ada", photo=SimpleUploadedFile("a.png", png_bytes()))
    save(client, display_name="Ada", photo_remove="on")
    ada.refresh_from_db()
    assert not ada.photo


def test_the_profile_page_needs_signing_in(client):
    response = client.get(reverse("account-profile"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), "#336699").save(out, format="JPEG")
    return out.getvalue()
