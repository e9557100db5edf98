"""Portal sign-in is throttled per account at one address and per address like /o/token, and
password reset does not tell whether an email has an account."""

import itertools
import time

import pytest
from allauth.core.internal import ratelimit
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.services import user_create

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-passphrase-1"
# Each test signs in from its own address, so counts never carry over between tests.
ADDRESSES = (f"198.51.100.{n}" for n in itertools.count(1))


def sign_in(client, email: str, password: str, address: str):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


class LaterClock:
    """The rate limiter's clock, moved on by `minutes` (its cache entries live in real time)."""

    monotonic = staticmethod(time.monotonic)
    sleep = staticmethod(time.sleep)

    def __init__(self) -> None:
        self.minutes = 0

    def time(self) -> float:
        return time.time() + self.minutes * 60


@pytest.fixture
def clock(monkeypatch) -> LaterClock:
    later = LaterClock()
    monkeypatch.setattr(ratelimit, "time", later)
    return later


def test_failed_sign_ins_lock_the_account_at_that_address_even_with_the_right_password(
    client, clock
):
    user_create(email="ada@example.org", password=PASSWORD, verified=True)
    address = next(ADDRESSES)
    for _ in range(settings.LAUREL_TOKEN_FAILURES_PER_USER):
        assert not signed_in(sign_in(client, "ada@example.org", "wrong", address))
    refused = sign_in(client, "ADA@example.org", PASSWORD, address)
    assert not signed_in(refused)
    assert "Too many failed login attempts" in refused.content.decode()
    window = settings.LAUREL_TOKEN_FAILURE_WINDOW // 60
    clock.minutes = window - 1
    assert not signed_in(sign_in(client, "ada@example.org", PASSWORD, address))
    clock.minutes = window + 1
    assert signed_in(sign_in(client, "ada@example.org", PASSWORD, address))
    user_create(email="grace@example.org", password=PASSWORD, verified=True)
    assert signed_in(sign_in(client, "grace@example.org", PASSWORD, address))


def test_failed_sign_ins_from_one_address_are_throttled_across_accounts(client):
    user_create(email="linus@example.org", password=PASSWORD, verified=True)
    address = next(ADDRESSES)
    for number in range(settings.LAUREL_TOKEN_FAILURES_PER_IP - 1):
        sign_in(client, f"guess{number}@example.org", "wrong", address)
    assert signed_in(sign_in(client, "linus@example.org", PASSWORD, address))
    client.logout()
    sign_in(client, "last-guess@example.org", "wrong", address)
    assert not signed_in(sign_in(client, "linus@example.org", PASSWORD, address))
    assert signed_in(sign_in(client, "linus@example.org", PASSWORD, next(ADDRESSES)))


def test_password_reset_answers_the_same_for_an_email_with_and_without_an_account(client):
    user_create(email="known@example.org", password=PASSWORD, verified=True)
    known = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.status_code == 302
    done = client.get(known["Location"]).content.decode()
    assert "nobody@example.org" not in done and "known@example.org" not in done
    # Only the owner of the account gets a reset link.
    links = [m.to for m in mail.outbox if "/accounts/password/reset/key/" in m.body]
    assert links == [["known@example.org"]]
