"""The API over real HTTP on a live server: a Badgr client's whole flow, and schemathesis."""

import base64
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from accounts.tests.factories import UserFactory
from badges.tests.factories import png_bytes

PASSWORD = "correct horse battery staple"
SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "api_schemathesis.py"


# Restores the data migrations' rows (the `public` client, content types) other tests flushed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def account(live_server):
    return UserFactory(email="registrar@example.org")


def test_a_badgr_client_signs_in_creates_awards_lists_and_revokes_over_http(live_server, account):
    base = live_server.url
    token = requests.post(
        f"{base}/o/token",
        data={
            "grant_type": "password",
            "client_id": "public",
            "username": account.email,
            "password": PASSWORD,
            "scope": "rw:issuer rw:backpack rw:profile",
        },
        timeout=10,
    )
    assert token.status_code == 200, token.text
    refreshed = requests.post(
        f"{base}/o/token",
        data={
            "grant_type": "refresh_token",
            "client_id": "public",
            "refresh_token": token.json()["refresh_token"],
        },
        timeout=10,
    )
    assert refreshed.status_code == 200, refreshed.text
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {refreshed.json()['access_token']}"

    issuer = api.post(
        f"{base}/v2/issuers",
        json={"name": "Registrar's Office", "email": account.email, "url": "https://reg.example"},
        timeout=10,
    )
    assert issuer.status_code == 201, issuer.text
    issuer_id = issuer.json()["result"][0]["entityId"]

    image = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    badge = api.post(
        f"{base}/v2/issuers/{issuer_id}/badgeclasses",
        json={
            "name": "First Aid",
            "description": "Gives first aid.",
            "criteriaNarrative": "Pass the practical.",
            "image": image,
        },
        timeout=10,
    )
    assert badge.status_code == 201, badge.text
    badge_id = badge.json()["result"][0]["entityId"]
    assert (
        requests.get(f"{base}/public/badges/{badge_id}/image", timeout=10).headers["Content-Type"]
        == "image/png"
    )

    award = api.post(
        f"{base}/v2/badgeclasses/{badge_id}/assertions",
        json={
            "recipient": {"identity": "learner@example.org", "type": "email"},
            "evidence": [{"url": "https://reg.example/evidence/1", "narrative": "Practical"}],
        },
        headers={"Idempotency-Key": "award-learner-first-aid"},
        timeout=10,
    )
    assert award.status_code == 201, award.text
    award_id = award.json()["result"][0]["entityId"]
    assert award.json()["result"][0]["evidence"][0]["url"] == "https://reg.example/evidence/1"

    listed = api.get(
        f"{base}/v2/badgeclasses/{badge_id}/assertions", params={"num": 10}, timeout=10
    )
    assert [a["entityId"] for a in listed.json()["result"]] == [award_id]

    revoked = api.delete(
        f"{base}/v2/assertions/{award_id}",
        json={"revocation_reason": "Awarded to the wrong person"},
        timeout=10,
    )
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["result"][0]["revoked"] is True
    public = requests.get(f"{base}/public/assertions/{award_id}.json", timeout=10).json()
    assert public["revoked"] is True
    assert (
        api.get(f"{base}/v2/badgeclasses/{badge_id}/assertions", timeout=10).json()["result"] == []
    )


def test_schemathesis_finds_no_server_error_and_no_response_off_the_schema(
    live_server, account, settings
):
    # As in production: DEBUG off, so errors are answered as the site answers them, not as
    # Django's debug pages (which turn some failures into readable 4xx or 500 pages).
    settings.DEBUG = False
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    completed = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            live_server.url,
            account.email,
            PASSWORD,
            "--max-examples",
            "10",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    summary = completed.stdout[completed.stdout.find("SUMMARY") :]
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-2000:]
    assert "Tested: 66" in summary  # every operation: /v2/ and the discovery API
