"""The Badgr client libraries from PyPI, unmodified, run their flows against a live Laurel.

badgrclient 0.1.2 and badgr-lite 1.0.2 live in a venv of their own (scripts/install-badgr-
clients; CI and `make test` run it). scripts/badgr_client_flows.py runs inside it and prints
one JSON line per step; here every v2 step must succeed, and the awards must be stored as the
client meant them. Without the venv the test skips, or fails when LAUREL_REQUIRE_SERVICES
requires it (1/true/yes/all, or a comma list naming `badgr-clients`).
"""

import json
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core import mail

from accounts.tests.factories import UserFactory
from badges.models import Assertion, BadgeClass, Issuer
from badges.tests.ob2_validator import tool_required

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "badgr_client_flows.py"
PASSWORD = "correct horse battery staple"
EMAIL = "registrar@example.org"
RECIPIENT = "learner@example.org"
# Paths that exist only in Badgr's v1 API: Laurel offers v2 alone, so badgrclient's
# Issuer.edit_staff (POST /v1/issuer/issuers/<id>/staff) and _v1_create_user (POST
# /v1/user/profile) get a 404; issuer staff are managed in the portal and accounts are made
# by signing up there. Any other outcome of these steps still fails the test.
V1_ONLY_STEPS = {("badgrclient", "edit issuer staff"), ("badgrclient", "sign up")}

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def clients_python() -> Path:
    venv = Path(os.environ.get("LAUREL_BADGR_CLIENTS_VENV") or ROOT / "var" / "badgr-clients-venv")
    python = venv / "bin" / "python"
    if not python.exists():
        reason = f"the Badgr clients are not installed at {venv}: run scripts/install-badgr-clients"
        if tool_required("badgr-clients"):
            pytest.fail(f"LAUREL_REQUIRE_SERVICES requires the Badgr clients: {reason}")
        pytest.skip(reason)
    return python


@pytest.fixture
def steps(live_server, settings, tmp_path) -> dict[tuple[str, str], dict]:
    python = clients_python()
    settings.LAUREL_BASE_URL = live_server.url
    UserFactory(email=EMAIL)
    completed = subprocess.run(
        [str(python), str(SCRIPT), live_server.url, EMAIL, PASSWORD, "--recipient", RECIPIENT],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,  # badgr-lite's CLI defaults to ./token.json; keep it out of the tree
    )
    lines = [json.loads(line) for line in completed.stdout.splitlines() if line.startswith("{")]
    assert lines, completed.stderr[-4000:]
    return {(line["client"], line["step"]): line for line in lines}


def mailed() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def test_every_v2_step_of_both_clients_succeeds(steps):
    failed = {
        key: line["detail"] + "\n" + line.get("traceback", "")
        for key, line in steps.items()
        if key not in V1_ONLY_STEPS and line["status"] != "ok"
    }
    assert not failed, json.dumps({" / ".join(k): v for k, v in failed.items()}, indent=1)
    assert {key: steps[key]["status"] for key in V1_ONLY_STEPS} == dict.fromkeys(
        V1_ONLY_STEPS, "not offered (v1 API)"
    )
    assert len(steps) == 24


def test_badgrclient_makes_the_issuer_and_badge_classes_it_asked_for(steps):
    issuer = Issuer.objects.get(
        entity_id=steps["badgrclient", "create issuer with image"]["issuer"]
    )
    assert (issuer.name, issuer.email, issuer.url) == (
        "Client Library College",
        EMAIL,
        "https://college.example.org",
    )
    assert issuer.image.name.endswith(".svg")
    line = steps["badgrclient", "create issuer without image"]
    assert (line["image"], Issuer.objects.get(entity_id=line["issuer"]).image.name) == (None, "")
    line = steps["badgrclient", "create badge class (criteria_text, criteria_url, expires)"]
    badge = BadgeClass.objects.get(entity_id=line["badgeclass"])
    assert badge.criteria_narrative == "Run every flow."  # sent as criteria_text
    assert badge.criteria_url == "https://college.example.org/criteria"  # sent as criteria_url
    assert (badge.expires_amount, badge.expires_unit) == (2, "years")  # amount sent as "2"
    assert badge.tags == ["python", "api"]
    assert badge.alignments[0]["targetName"] == "Python"
    line = steps["badgrclient", "create badge class with explicit nulls"]
    nulls = BadgeClass.objects.get(entity_id=line["badgeclass"])
    assert (nulls.criteria_url, nulls.criteria_narrative) == (
        "https://college.example.org/nulls",
        "",
    )
    assert nulls.expires_amount is None


def test_badgrclient_awards_are_stored_as_the_client_meant_them(steps):
    line = steps["badgrclient", "issue assertion (narrative, evidence, expires, notify)"]
    award = Assertion.objects.get(entity_id=line["assertion"])
    assert award.recipient_identity == EMAIL
    assert award.narrative == "Ran the flows against a live server."
    assert award.evidence == [
        {"url": "https://college.example.org/work/1", "narrative": "The log."}
    ]
    assert award.expires == datetime(2030, 1, 1, 10, tzinfo=UTC)  # sent as "2030-01-01 10:00:00"
    assert not award.revoked
    assert EMAIL in mailed()  # notify: true

    line = steps["badgrclient", "issue assertion (nulls, issued_on with a space)"]
    award = Assertion.objects.get(entity_id=line["assertion"])
    assert award.recipient_identity == RECIPIENT
    assert award.issued_on == datetime(2026, 6, 1, 10, tzinfo=UTC)
    assert (award.narrative, award.evidence, award.expires) == ("", [], None)  # sent as nulls
    assert award.revoked  # revoked alone, by DELETE without a body
    assert RECIPIENT not in mailed()  # notify: false

    line = steps["badgrclient", "issue assertion by badge name"]
    award = Assertion.objects.get(entity_id=line["assertion"])
    assert award.badge_class.name == "Null Handling"
    assert award.recipient_identity == "named." + RECIPIENT
    assert (award.revoked, award.revocation_reason) == (True, "Issued by name, in error")


def test_badgr_lite_awards_are_stored_as_the_client_meant_them(steps):
    for step in ("award badge", "cli award-badge"):
        line = steps["badgr-lite", step]
        award = Assertion.objects.get(entity_id=line["assertion"])
        sent = line["sent"]
        identity = sent["recipient"]["identity"] if step == "award badge" else sent["recipient"]
        assert (award.recipient_type, award.recipient_identity) == ("email", identity)
        assert award.badge_class.name == "Library Fluency"
        assert award.evidence == sent["evidence"]
    assert "lite." + RECIPIENT in mailed()  # notify: true
    assert "cli." + RECIPIENT not in mailed()  # --no-notify
