import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.selectors import user_has_verified_email, user_verified_emails
from accounts.services import user_create


@pytest.mark.django_db
def test_a_learner_signs_up_and_verifies_their_email_by_the_link_sent(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "Grace@Example.org",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="grace@example.org")
    assert not user_has_verified_email(user=user, email="grace@example.org")

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)

    assert user_has_verified_email(user=user, email="GRACE@example.org")
    assert [a.email for a in user_verified_emails(user=user)] == ["grace@example.org"]


@pytest.mark.django_db
def test_signing_up_again_with_a_taken_email_creates_no_account_and_tells_its_owner(client):
    # allauth does not reveal which emails have accounts; the owner is told by email instead.
    user_create(email="taken@example.org", password="whatever-long-1", verified=True)
    client.post(
        reverse("account_signup"),
        {
            "email": "Taken@example.org",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    assert [message.to for message in mail.outbox] == [["taken@example.org"]]


@pytest.mark.django_db
def test_a_signup_with_mismatched_passwords_is_a_form_error(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "x@example.org", "password1": "a-long-passphrase-1", "password2": "other-1"},
    )
    assert response.status_code == 200
    assert "You must type the same password each time" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_verified_user_signs_in_with_email_and_password(client):
    user_create(email="ada@example.org", password="a-long-passphrase-1", verified=True)
    response = client.post(
        reverse("account_login"), {"login": "ada@example.org", "password": "a-long-passphrase-1"}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].email == "ada@example.org"


@pytest.mark.django_db
def test_an_unverified_email_is_not_reported_as_verified():
    user = user_create(email="new@example.org", password="a-long-passphrase-1")
    assert list(user_verified_emails(user=user)) == []
