"""Signing up keeps the learner's intent: confirming the email signs them in and takes them on
to where they were going; account pages and emails look like the rest of the portal."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.services import user_create

pytestmark = pytest.mark.django_db

NEXT = "/backpack/apply/some-badge/"
PASSWORD = "a-long-passphrase-1"


def confirmation_path(message) -> str:
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_confirming_the_email_signs_the_learner_in_and_returns_to_where_they_started(client):
    form = client.get(reverse("account_signup") + f"?next={NEXT}").content.decode()
    assert f'name="next" value="{NEXT}"' in form
    response = client.post(
        reverse("account_signup"),
        {"email": "grace@example.org", "password1": PASSWORD, "password2": PASSWORD, "next": NEXT},
    )
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 302  # not signed in before confirming

    path = confirmation_path(mail.outbox[0])
    page = client.get(path).content.decode()
    panel = page.split('<div class="panel narrow">', 1)[1]
    assert panel.count("grace@example.org") == 1  # the confirm page names the address once
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == NEXT
    assert client.get("/dashboard/").status_code == 200  # signed in


def test_the_confirmation_email_names_the_site_not_the_host(client):
    client.post(
        reverse("account_signup"),
        {"email": "grace@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    [message] = mail.outbox
    assert message.subject == "[Laurel] Confirm your email address"
    assert "Hello from Laurel!" in message.body and "account on Laurel" in message.body
    assert "testserver" not in message.body.replace(confirmation_path(message), "").replace(
        "http://testserver", ""
    )


def test_a_first_sign_in_without_a_next_lands_on_the_dashboard(client):
    user_create(email="ada@example.org", password=PASSWORD, verified=True)
    response = client.post(
        reverse("account_login"), {"login": "ada@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")


def test_sign_up_errors_sit_by_their_field_styled_as_errors(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-email", "password1": PASSWORD, "password2": "something-else-2"},
    )
    html = response.content.decode()
    assert '<div class="message error" role="alert"><p>Please correct the fields marked below.' in (
        html
    )
    assert 'aria-invalid="true"' in html
    error = re.search(r'<span class="field-error" id="id_email_error">([^<]+)</span>', html)
    assert error and "email" in error.group(1).lower()
    assert 'aria-describedby="id_email_error"' in html


def test_account_pages_are_in_sentence_case_with_the_site_name(client):
    login = client.get(reverse("account_login")).content.decode()
    assert "<title>Sign in · Laurel</title>" in re.sub(r"\s+", " ", login).replace(
        "> ", ">"
    ).replace(" <", "<")
    signup = client.get(reverse("account_signup")).content.decode()
    assert "Create an account" in signup and "Sign Up" not in signup
