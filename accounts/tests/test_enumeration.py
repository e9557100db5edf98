"""Sign-up does not tell whether an email has an account: the same answer, in about the same
time (a new account costs a password hash; an existing one costs the same)."""

import re
import statistics
import time

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.services import user_create

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-passphrase-1"
TRIES = 5


@pytest.fixture
def real_hasher(settings):
    # The test settings' MD5 hides the cost that tells the two paths apart.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def page(client, path: str) -> str:
    # Nonces and CSRF tokens are random on every page (the header's language switcher is a
    # form with a token); neither tells anything about the address.
    html = re.sub(r'nonce="[^"]*"', "", client.get(path).content.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def sign_up(client, email: str):
    started = time.perf_counter()
    response = client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    return response, time.perf_counter() - started


def test_sign_up_answers_the_same_for_a_registered_and_a_new_email():
    user_create(email="known@example.org", password=PASSWORD, verified=True)
    answers = []
    for email in ("known@example.org", "new@example.org"):
        client = Client()
        response, _ = sign_up(client, email)
        shown = page(client, response["Location"]).replace(email, "EMAIL")
        answers.append((response.status_code, response["Location"], shown))
    assert answers[0] == answers[1]
    assert User.objects.filter(email="known@example.org").count() == 1


def test_sign_up_takes_about_as_long_for_a_registered_email_as_for_a_new_one(client, real_hasher):
    user_create(email="known@example.org", password=PASSWORD, verified=True)
    sign_up(client, "warm-up@example.org")
    known, new = [], []
    for number in range(TRIES):  # interleaved, so a busy moment hits both alike
        known.append(sign_up(client, "known@example.org")[1])
        new.append(sign_up(client, f"new{number}@example.org")[1])
    # The median of each pair's ratio: a stretch of load (the suite runs in parallel) slows
    # the two sign-ups of a pair alike, where it would tip the median of either list alone.
    ratio = statistics.median(k / n for k, n in zip(known, new, strict=True))
    assert 0.5 <= ratio <= 2, f"known {known}, new {new}"
