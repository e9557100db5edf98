"""Links in account emails come from LAUREL_BASE_URL, never from the request's Host header
(Django's host check ignores the port, so a poisoned port would otherwise reach the link)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.services import user_create

pytestmark = pytest.mark.django_db
BASE = "https://badges.example.org"
POISONED_HOST = "127.0.0.1:8119"


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.LAUREL_BASE_URL = BASE


def links(message) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", message.body)


def assert_only_base_links(message) -> None:
    found = links(message)
    assert found, message.body
    assert all(link.startswith(BASE + "/") for link in found), found
    assert "8119" not in message.subject + message.body


def test_a_password_reset_link_ignores_the_host_header_and_its_port(client):
    user_create(email="ada@example.org", password="a-long-passphrase-1", verified=True)
    response = client.post(
        reverse("account_reset_password"), {"email": "ada@example.org"}, HTTP_HOST=POISONED_HOST
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert any(link.startswith(f"{BASE}/accounts/password/reset/key/") for link in links(message))
    assert_only_base_links(message)


def test_a_reset_for_an_unknown_email_points_to_sign_up_on_the_configured_origin(client):
    client.post(
        reverse("account_reset_password"), {"email": "nobody@example.org"}, HTTP_HOST=POISONED_HOST
    )
    (message,) = mail.outbox
    assert f"{BASE}/accounts/signup/" in message.body
    assert_only_base_links(message)


def test_sign_up_confirmation_and_already_registered_emails_link_to_the_configured_origin(client):
    form = {"password1": "a-long-passphrase-1", "password2": "a-long-passphrase-1"}
    client.post(
        reverse("account_signup"), {"email": "new@example.org", **form}, HTTP_HOST=POISONED_HOST
    )
    user_create(email="taken@example.org", password="a-long-passphrase-1", verified=True)
    client.post(
        reverse("account_signup"), {"email": "taken@example.org", **form}, HTTP_HOST=POISONED_HOST
    )
    confirmation, already = mail.outbox
    assert f"{BASE}/accounts/confirm-email/" in confirmation.body
    assert f"{BASE}/accounts/password/reset/" in already.body
    for message in (confirmation, already):
        assert_only_base_links(message)
