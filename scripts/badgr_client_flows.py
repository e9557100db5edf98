#!/usr/bin/env python3
"""Run the flows of the Badgr client libraries published on PyPI, unmodified, against a server.

Usage: badgr_client_flows.py BASE_URL EMAIL PASSWORD [--client-id public]
                             [--recipient EMAIL] [--workdir DIR]

Runs with the python of the venv `scripts/install-badgr-clients` makes (badgrclient 0.1.2 and
badgr-lite 1.0.2), not the project's. EMAIL must be a verified email of an active account
with PASSWORD: the first award goes to it, so the backpack steps have something to show.
Other awards go to --recipient (default learner@example.org).

Prints one JSON object a line, one per step: {"client", "step", "status", "detail", ...},
`status` being "ok", "error" or "not offered (v1 API)" (a Badgr v1 path the server does not
have: Laurel offers only v2). Steps that made something add its ids and the values sent, so a
caller can check what the server stored. Exit status: 0 when no step has "error", else 1.

badgr-lite has no option for its server: it always calls https://api.badgr.io. Its code stays
as published; this process sends whatever requests addresses to that host to BASE_URL instead,
at requests' transport (as an /etc/hosts entry would).
"""

import argparse
import json
import os
import sys
import tempfile
import traceback
from datetime import datetime, timedelta
from pathlib import Path

# badgrclient fixes BADGR_USERNAME and BADGR_PASSWORD from the environment, at import, as the
# defaults of its token request; without them it refreshes with the refresh token, the flow
# the token refresh step tests.
os.environ.pop("BADGR_USERNAME", None)
os.environ.pop("BADGR_PASSWORD", None)

import requests
from badgr_lite import cli as lite_cli
from badgr_lite.models import BadgrLite
from badgrclient import Assertion, BadgeClass, BadgrClient, Issuer
from click.testing import CliRunner
from requests.adapters import HTTPAdapter
from tiny_png import png

BADGR_LITE_SERVER = "https://api.badgr.io"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">'
    b'<circle cx="50" cy="50" r="40" fill="#1f6f43"/></svg>'
)
V1_STEP = "not offered (v1 API)"


class Steps:
    """Runs named steps, prints each one's outcome as a JSON line and remembers failures."""

    def __init__(self, client: str, base_url: str):
        self.client, self.base_url = client, base_url
        self.failed = False

    def run(self, step: str, action, v1_path: str | None = None):
        """Run `action()`; it returns a dict of extra fields for the line (or None)."""
        line = {"client": self.client, "step": step}
        try:
            extra = action() or {}
            line.update(status="ok", detail="", **extra)
        except BaseException as error:  # badgr-lite raises BaseException subclasses
            if isinstance(error, KeyboardInterrupt | SystemExit):
                raise
            if v1_path is not None and self.answers_not_found(v1_path):
                line.update(status=V1_STEP, detail=f"{v1_path} answers 404")
            else:
                self.failed = True
                line.update(
                    status="error",
                    detail=f"{type(error).__name__}: {error}",
                    traceback=traceback.format_exc(limit=4),
                )
        print(json.dumps(line, default=str), flush=True)
        return line

    def answers_not_found(self, path: str) -> bool:
        return requests.post(self.base_url + path, json={}, timeout=10).status_code == 404


def badgrclient_flows(
    base: str, email: str, password: str, client_id: str, recipient: str, workdir: Path
) -> bool:
    steps = Steps("badgrclient", base)
    state: dict = {}
    (workdir / "issuer.svg").write_bytes(SVG)
    (workdir / "badge.png").write_bytes(png(16))

    def sign_in():
        state["client"] = BadgrClient(
            username=email, password=password, client_id=client_id, base_url=base
        )
        return {"expires_at": state["client"].token_expires_at.isoformat()}

    def issuer_create():
        image = BadgrClient.encode_image(str(workdir / "issuer.svg"))
        issuer = Issuer(state["client"]).create(
            name="Client Library College",
            description="Made by badgrclient.",
            email=email,
            url="https://college.example.org",
            image=image,
        )
        state["issuer"] = issuer
        return {"issuer": issuer.entityId, "image": issuer.data["image"]}

    def issuer_create_without_image():
        # The client's default image is None, sent as an explicit null.
        issuer = Issuer(state["client"]).create(
            name="Imageless Institute",
            description="",
            email=email,
            url="https://imageless.example.org",
        )
        return {"issuer": issuer.entityId, "image": issuer.data["image"]}

    def badgeclass_create():
        # Through the issuer: criteria_text and criteria_url (snake_case), an expiry whose
        # amount is a string, one alignment and tags, as the client's docstring shows.
        badge = state["issuer"].create_badgeclass(
            name="Library Fluency",
            image=BadgrClient.encode_image(str(workdir / "badge.png")),
            description="Uses a client library well.",
            criteria_text="Run every flow.",
            criteria_url="https://college.example.org/criteria",
            alignment=[{"targetName": "Python", "targetUrl": "https://python.example/py"}],
            tags=["python", "api"],
            expires={"amount": "2", "duration": "years"},
        )
        state["badge"] = badge
        return {"badgeclass": badge.entityId}

    def badgeclass_create_with_nulls():
        # Directly: no criteria_text, so the client sends it (and expires) as explicit nulls.
        badge = BadgeClass(state["client"]).create(
            name="Null Handling",
            image=BadgrClient.encode_image(str(workdir / "badge.png")),
            description="Sent with explicit nulls.",
            issuer_eid=state["issuer"].entityId,
            criteria_url="https://college.example.org/nulls",
        )
        state["badge_nulls"] = badge
        return {"badgeclass": badge.entityId}

    def issue_with_everything():
        # The client's default issuedOn is utcnow with a space: "2026-01-01 10:00:00Z".
        sent = {
            "recipient": email,
            "narrative": "Ran the flows against a live server.",
            "evidence": [{"url": "https://college.example.org/work/1", "narrative": "The log."}],
            "expires": "2030-01-01 10:00:00",
        }
        award = state["badge"].issue(
            recipient_email=sent["recipient"],
            narrative=sent["narrative"],
            evidence=sent["evidence"],
            expires=sent["expires"],
            notify=True,
        )
        state["award_own"] = award
        return {"assertion": award.entityId, "sent": sent}

    def issue_with_nulls_and_spaced_date():
        sent = {"recipient": recipient, "issued_on": "2026-06-01 10:00:00"}
        award = Assertion(state["client"]).create(
            recipient_email=recipient,
            badge_eid=state["badge"].entityId,
            issued_on=sent["issued_on"],
            notify=False,
        )
        state["award_other"] = award
        return {"assertion": award.entityId, "sent": sent}

    def issue_by_badge_name():
        # unique_badge_names: the client finds the badge class by name in the issuer's list.
        named = BadgrClient(
            username=email,
            password=password,
            client_id=client_id,
            base_url=base,
            unique_badge_names=True,
        )
        named.load_badge_names(state["issuer"].entityId)
        sent = {"recipient": "named." + recipient, "badge_name": "Null Handling"}
        award = Assertion(named).create(
            recipient_email=sent["recipient"],
            issuer_eid=state["issuer"].entityId,
            badge_name=sent["badge_name"],
            narrative="Found by name.",
            notify=False,
        )
        state["award_named"] = award
        return {"assertion": award.entityId, "sent": sent}

    def fetch_issuer():
        client = state["client"]
        [one] = client.fetch_issuer(state["issuer"].entityId)
        mine = client.fetch_issuer()
        again = Issuer(client, state["issuer"].entityId)
        again.fetch()
        assert one.data["name"] == again.data["name"] == "Client Library College", one.data
        assert state["issuer"].entityId in [i.entityId for i in mine], mine
        return {"issuers": len(mine)}

    def fetch_badgeclasses():
        client = state["client"]
        [one] = client.fetch_badgeclass(state["badge"].entityId)
        assert one.data["criteriaNarrative"] == "Run every flow.", one.data
        assert one.data["expires"] == {"amount": 2, "duration": "years"}, one.data
        everyone = client.fetch_badgeclass()
        of_issuer = state["issuer"].fetch_badgeclasses()
        assert {b.entityId for b in of_issuer} == {
            state["badge"].entityId,
            state["badge_nulls"].entityId,
        }, of_issuer
        return {"badgeclasses": len(everyone)}

    def fetch_assertions():
        client = state["client"]
        [one] = client.fetch_assertion(state["award_own"].entityId)
        assert one.data["narrative"] == "Ran the flows against a live server.", one.data
        of_badge = state["badge"].fetch_assertions(recipient=recipient)
        assert [a.entityId for a in of_badge] == [state["award_other"].entityId], of_badge
        of_issuer = state["issuer"].fetch_assertions()
        return {"of_badge": len(of_badge), "of_issuer": len(of_issuer)}

    def fetch_backpack_assertions():
        held = state["client"].fetch_assertion()
        assert state["award_own"].entityId in [a.entityId for a in held], held
        return {"assertions": len(held)}

    def fetch_backpack_collections():
        # The client only knows the entity types Assertion, BadgeClass and Issuer; a
        # collection in the list (entityType BackpackCollection, as Badgr has it) makes
        # its own _deserialize fail, so this account has none: the call and envelope work.
        return {"collections": len(state["client"].fetch_collection())}

    def revoke_batch():
        answer = state["client"].revoke_assertions(
            [state["award_named"].entityId], reason="Issued by name, in error"
        )
        assert answer["status"]["success"], answer
        return {"assertions": [state["award_named"].entityId]}

    def revoke_single():
        # The client sends DELETE without a body (its `reason` never leaves the client).
        answer = state["award_other"].revoke("Wrong person")
        assert answer["result"][0]["revoked"] is True, answer
        return {"assertion": state["award_other"].entityId}

    def token_refresh():
        client = state["client"]
        old = client.header["Authorization"]
        client.token_expires_at = datetime.now() - timedelta(seconds=1)
        client.fetch_issuer(state["issuer"].entityId)  # the client refreshes before calling
        assert client.header["Authorization"] != old, "the token did not change"
        return {}

    def staff_add():
        state["issuer"].edit_staff("add", "colleague@example.org", "staff")

    def sign_up():
        state["client"]._v1_create_user("New", "Person", "new.person@example.org", "pw-12345678")

    steps.run("token by password grant", sign_in)
    steps.run("create issuer with image", issuer_create)
    steps.run("create issuer without image", issuer_create_without_image)
    steps.run("create badge class (criteria_text, criteria_url, expires)", badgeclass_create)
    steps.run("create badge class with explicit nulls", badgeclass_create_with_nulls)
    steps.run("issue assertion (narrative, evidence, expires, notify)", issue_with_everything)
    steps.run("issue assertion (nulls, issued_on with a space)", issue_with_nulls_and_spaced_date)
    steps.run("issue assertion by badge name", issue_by_badge_name)
    steps.run("fetch issuer", fetch_issuer)
    steps.run("fetch badge classes", fetch_badgeclasses)
    steps.run("fetch assertions", fetch_assertions)
    steps.run("fetch backpack assertions", fetch_backpack_assertions)
    steps.run("fetch backpack collections", fetch_backpack_collections)
    steps.run("revoke assertions (batch)", revoke_batch)
    steps.run("revoke assertion (single)", revoke_single)
    steps.run("token refresh", token_refresh)
    issuer_id = state["issuer"].entityId if "issuer" in state else "unknown"
    steps.run("edit issuer staff", staff_add, v1_path=f"/v1/issuer/issuers/{issuer_id}/staff")
    steps.run("sign up", sign_up, v1_path="/v1/user/profile")
    return not steps.failed


class BadgrHostAdapter(HTTPAdapter):
    """Sends what badgr-lite addresses to api.badgr.io to the server under test instead."""

    target = ""

    def send(self, request, **kwargs):
        request.url = self.target + request.url[len(BADGR_LITE_SERVER) :]
        return super().send(request, **kwargs)


def point_badgr_lite_at(base: str) -> None:
    BadgrHostAdapter.target = base
    init = requests.Session.__init__

    def session_init(session, *args, **kwargs):
        init(session, *args, **kwargs)
        session.mount(BADGR_LITE_SERVER, BadgrHostAdapter())

    requests.Session.__init__ = session_init


def badgr_lite_flows(
    base: str, email: str, password: str, client_id: str, recipient: str, workdir: Path
) -> bool:
    steps = Steps("badgr-lite", base)
    point_badgr_lite_at(base)
    token_file = workdir / "token.json"
    state: dict = {}

    def prime_token():
        # badgr-lite's README: get a token once with the password grant, save it as JSON.
        answer = requests.post(
            f"{base}/o/token",
            data={
                "grant_type": "password",
                "client_id": client_id,
                "username": email,
                "password": password,
                "scope": "rw:issuer rw:backpack rw:profile",
            },
            timeout=10,
        )
        answer.raise_for_status()
        token_file.write_text(answer.text)
        return {}

    def list_badges():
        badges = BadgrLite(token_filename=str(token_file)).badges
        state["badge"] = next(b for b in badges if b.name == "Library Fluency")
        assert state["badge"].created_at.tzinfo is not None
        return {"badges": len(badges), "badgeclass": state["badge"].entity_id}

    def award_badge():
        # The docstring's badge_data: a name the API ignores, a recipient without a type.
        sent = {
            "name": "Sample badge",
            "recipient": {"identity": "lite." + recipient},
            "notify": True,
            "evidence": [
                {"url": "https://college.example.org/lite", "narrative": "Completed the prereqs."}
            ],
        }
        award = BadgrLite(token_filename=str(token_file)).award_badge(
            state["badge"].entity_id, sent
        )
        return {"assertion": award.entity_id, "sent": sent}

    def cli_list_badges():
        result = CliRunner().invoke(lite_cli.main, ["--token-file", str(token_file), "list-badges"])
        assert result.exit_code == 0, result.output
        assert state["badge"].entity_id in result.output, result.output
        return {"lines": len(result.output.splitlines())}

    def cli_award_badge():
        sent = {
            "recipient": "cli." + recipient,
            "evidence": [{"url": "https://college.example.org/cli", "narrative": "By the CLI."}],
        }
        args = [
            "--token-file", str(token_file), "award-badge",
            "--badge-id", state["badge"].entity_id,
            "--recipient", sent["recipient"],
            "--no-notify",
            "--evidence-url", sent["evidence"][0]["url"],
            "--evidence-narrative", sent["evidence"][0]["narrative"],
        ]  # fmt: skip
        result = CliRunner().invoke(lite_cli.main, args)
        assert result.exit_code == 0 and result.exception is None, result.output
        entity_id = result.output.split("\t")[0].strip()
        return {"assertion": entity_id, "sent": sent}

    def refresh_token():
        # An access token the server no longer knows: badgr-lite refreshes it (with the
        # refresh token alone, no client_id), saves the new one and asks again.
        data = json.loads(token_file.read_text())
        data["access_token"] = "expired-" + data["access_token"]
        token_file.write_text(json.dumps(data))
        badges = BadgrLite(token_filename=str(token_file)).badges
        saved = json.loads(token_file.read_text())
        assert not saved["access_token"].startswith("expired-"), saved
        return {"badges": len(badges)}

    steps.run("prime token file", prime_token)
    steps.run("list badges", list_badges)
    steps.run("award badge", award_badge)
    steps.run("cli list-badges", cli_list_badges)
    steps.run("cli award-badge", cli_award_badge)
    steps.run("refresh token", refresh_token)
    return not steps.failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("email")
    parser.add_argument("password")
    parser.add_argument("--client-id", default="public")
    parser.add_argument("--recipient", default="learner@example.org")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        flows = (badgrclient_flows, badgr_lite_flows)
        passed = [
            flow(base, args.email, args.password, args.client_id, args.recipient, workdir)
            for flow in flows
        ]
    return 0 if all(passed) else 1


if __name__ == "__main__":
    sys.exit(main())
