"""Account pages beyond sign-up: deleting an account, closing sign-up, the account menu."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory
from backpack import services as backpack_services
from badges.models import Assertion, Role
from badges.services.awards import assertion_award
from badges.services.issuers import issuer_staff_add
from badges.tests.factories import make_badge, make_issuer

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def test_a_learner_deletes_their_account_and_the_awards_to_them_stay_valid(client):
    learner = UserFactory(email="ada@example.org")
    award = assertion_award(
        badge_class=make_badge(make_issuer()),
        user=None,
        recipient_identity="ada@example.org",
        notify=False,
    )
    backpack_services.collection_create(user=learner, name="Mine", assertion_ids=[award.entity_id])
    client.force_login(learner)
    assert "Delete my account" in client.get(reverse("account-delete")).content.decode()
    response = client.post(reverse("account-delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(email="ada@example.org").exists()
    assert Assertion.objects.filter(pk=award.pk, revoked=False).exists()
    assert client.get(reverse("backpack:list")).status_code == 302  # signed out


def test_a_wrong_password_deletes_nothing_and_says_so(client):
    learner = UserFactory()
    client.force_login(learner)
    response = client.post(reverse("account-delete"), {"password": "not it"})
    assert response.status_code == 400
    assert "That is not your password" in response.content.decode()
    assert User.objects.filter(pk=learner.pk).exists()


def test_the_only_owner_of_an_issuer_cannot_delete_their_account(client):
    owner = UserFactory()
    issuer = make_issuer(owner=owner, name="Harbour College")
    client.force_login(owner)
    response = client.post(reverse("account-delete"), {"password": PASSWORD})
    assert response.status_code == 400
    assert "You created Harbour College and are its only owner" in response.content.decode()
    issuer_staff_add(issuer=issuer, user=owner, member=UserFactory(), role=Role.OWNER)
    assert client.post(reverse("account-delete"), {"password": PASSWORD}).status_code == 302


def test_sign_up_can_be_closed_by_a_setting(client, settings):
    settings.LAUREL_SIGNUP_OPEN = False
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "a-long-pass-1", "password2": "a-long-pass-1"},
    )
    assert "closed" in response.content.decode().lower()
    assert not User.objects.filter(email="new@example.org").exists()


def test_the_account_pages_link_email_addresses_password_and_deletion(client):
    client.force_login(UserFactory())
    html = client.get(reverse("account_email")).content.decode()
    for url in (
        reverse("account_email"),
        reverse("account_change_password"),
        reverse("account-delete"),
    ):
        assert f'href="{url}"' in html


def test_a_second_email_once_verified_brings_its_awards_into_the_backpack(client):
    import re

    from django.core import mail

    from backpack.selectors import backpack_items

    learner = UserFactory(email="ada@home.example")
    assertion_award(
        badge_class=make_badge(make_issuer(), name="Night Navigation"),
        user=None,
        recipient_identity="ada@work.example",
        notify=False,
    )
    client.force_login(learner)
    client.post(reverse("account_email"), {"action_add": "", "email": "ada@work.example"})
    assert backpack_items(user=learner) == []  # not verified yet
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    client.post("/" + link.split("://", 1)[1].split("/", 1)[1])
    assert [item.name for item in backpack_items(user=learner)] == ["Night Navigation"]


def test_social_providers_are_switched_on_by_settings_only(settings):
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.INSTALLED_APPS[-1], s.SOCIALACCOUNT_PROVIDERS['github']['APPS'][0]['client_id'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "LAUREL_SOCIAL_PROVIDERS": "github",
        "LAUREL_SOCIAL_GITHUB_CLIENT_ID": "abc123",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["allauth.socialaccount.providers.github", "abc123"], (
        result.stderr
    )
    providers = [a for a in settings.INSTALLED_APPS if "socialaccount.providers." in a]
    # None by default but the two that institutions (sso) configure in the admin.
    assert providers == [
        "allauth.socialaccount.providers.openid_connect",
        "allauth.socialaccount.providers.saml",
    ]
