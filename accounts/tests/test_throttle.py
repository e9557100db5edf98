"""Failed sign-ins are counted per client address and per account at that address, in a cache
every worker shares: guesses from one address never lock the owner out from another."""

import os
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from accounts.tests.factories import UserFactory
from accounts.tests.test_oauth import PASSWORD, password_grant

pytestmark = pytest.mark.django_db
ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"
REPO = Path(__file__).resolve().parents[2]


def grant_from(client, address: str, email: str, password: str = PASSWORD):
    client.defaults["REMOTE_ADDR"] = address
    return password_grant(client, email, password=password)


@override_settings(LAUREL_TOKEN_FAILURES_PER_USER=3, LAUREL_TOKEN_FAILURES_PER_IP=100)
def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_from_another(client):
    user = UserFactory()
    for _ in range(10):
        grant_from(client, ATTACKER, user.email, password="wrong")
    assert grant_from(client, ATTACKER, user.email).status_code == 429
    assert grant_from(client, OWNER, user.email).status_code == 200


def test_wrong_portal_passwords_from_one_address_do_not_lock_the_owner_out_from_another(client):
    from django.urls import reverse

    user = UserFactory()
    form = {"login": user.email, "password": "wrong"}
    for _ in range(settings.LAUREL_TOKEN_FAILURES_PER_USER + 2):
        client.post(reverse("account_login"), form, REMOTE_ADDR=ATTACKER)
    refused = client.post(
        reverse("account_login"), {**form, "password": PASSWORD}, REMOTE_ADDR=ATTACKER
    )
    assert "Too many failed login attempts" in refused.content.decode()
    signed_in = client.post(
        reverse("account_login"), {**form, "password": PASSWORD}, REMOTE_ADDR=OWNER
    )
    assert signed_in.status_code == 302 and "_auth_user_id" in client.session


def test_migrating_creates_the_table_of_the_default_database_cache():
    assert settings.LAUREL_CACHE_TABLE in connection.introspection.table_names()


# Two worker processes on the embedded defaults (no REDIS_URL): the same database cache.
WORKER = textwrap.dedent(
    """
    import sys
    import django
    django.setup()
    from django.core.management import call_command
    from accounts import throttle
    call_command("createcachetable")
    counters = throttle.token_counters(address=sys.argv[2], account="ada@example.org")
    if sys.argv[1] == "fail":
        for _ in range(int(sys.argv[3])):
            throttle.failure_record(counters)
    print("blocked" if throttle.is_blocked(counters) else "open")
    """
)


def run_worker(database: Path, *args: str) -> str:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),  # production refuses a short or example key
        DATABASE_URL=f"sqlite:///{database}",
        ALLOWED_HOSTS="localhost",
    )
    result = subprocess.run(
        [sys.executable, "-c", WORKER, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_a_failure_counted_in_one_worker_process_is_seen_by_another(tmp_path):
    database = tmp_path / "shared.sqlite3"
    limit = str(settings.LAUREL_TOKEN_FAILURES_PER_USER)
    assert run_worker(database, "fail", ATTACKER, limit) == "blocked"
    assert run_worker(database, "check", ATTACKER) == "blocked"
    assert run_worker(database, "check", OWNER) == "open"
