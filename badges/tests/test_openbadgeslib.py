"""openbadgeslib 4.6.3 (PyPI), an independent Open Badges 3.0 verifier, accepts every kind of
credential Laurel issues, fetched from a live Laurel.

openbadgeslib lives in a venv of its own (scripts/install-openbadgeslib, at
$LAUREL_OPENBADGESLIB_VENV or var/openbadgeslib-venv) and runs scripts/openbadgeslib_verify.py
there as a subprocess. It resolves each issuer's did:web itself and fetches the DID documents
and status lists from the live server; the one mapping is that did:web's https URLs for the
live server's host are fetched over the server's plain http (the script's docstring says
how). Tests skip with the reason when the venv is missing, and fail instead when
LAUREL_REQUIRE_SERVICES requires it (1/true/yes/all, or a comma list naming `openbadgeslib`).

Differences between openbadgeslib and the Open Badges 3.0 text, worked around in the script,
not in Laurel (see its docstring):
- It verifies only a JWT-secured status list's own proof (verify_status_list); Laurel's list
  is secured with Data Integrity, as Bitstring Status List allows, so the list's own proof is
  not checked by it; the list is still fetched, its window and the credential's bit read.
- OB3LdpVerifier refuses every credential that is not an OpenBadgeCredential, so a Data
  Integrity EndorsementCredential goes through its building blocks instead; its
  EndorsementCredential JWTs go through verify_endorsement_jwt.
- Hashed recipients (an IdentityObject, no credentialSubject.id) cannot be bound with its
  expected_recipient, which compares credentialSubject.id only; subjects with an id are bound.
"""

import json
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from badges import credentials
from badges.models import KeyAlgorithm
from badges.openbadges import dataintegrity, did, ob3, signing
from badges.services.awards import assertion_award, assertion_revoke
from badges.services.endorsements import endorsement_create, endorsement_revoke
from badges.services.keys import credential_key_for, credential_private_key, issuer_key_rotate
from badges.tests.factories import SVG_BADGE, make_badge, make_issuer, png_bytes
from badges.tests.ob2_validator import require_tool, run_tool

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "openbadgeslib_verify.py"
TIMEOUT_SECONDS = 300
EMAIL = "ada@example.org"
# Every recipient kind Laurel issues: (award fields, the credentialSubject.id openbadgeslib
# must bind the credential to, or None for an IdentityObject recipient).
RECIPIENTS = {
    "hashed email": ({"recipient_identity": EMAIL}, None),
    "plain email": ({"recipient_identity": EMAIL, "hashed": False}, None),
    "hashed telephone": (
        {"recipient_identity": "+441632960001", "recipient_type": "telephone"},
        None,
    ),
    "hashed url": (
        {"recipient_identity": "https://ada.example.org/", "recipient_type": "url"},
        None,
    ),
    "url": (
        {
            "recipient_identity": "https://ada.example.org/",
            "recipient_type": "url",
            "hashed": False,
        },
        "https://ada.example.org/",
    ),
    "did": (
        {"recipient_identity": "did:example:ada", "recipient_type": "id", "hashed": False},
        "did:example:ada",
    ),
}


def openbadgeslib_venv() -> Path:
    return Path(os.environ.get("LAUREL_OPENBADGESLIB_VENV") or ROOT / "var" / "openbadgeslib-venv")


def require_openbadgeslib() -> Path:
    """The venv's python; skips the test (or fails, when required) if it is missing."""
    python = openbadgeslib_venv() / "bin" / "python"
    return require_tool(
        "openbadgeslib",
        python if python.exists() else None,
        f"openbadgeslib is not installed at {openbadgeslib_venv()}: "
        "run scripts/install-openbadgeslib",
    )


@pytest.fixture
def base_url(live_server, settings):
    require_openbadgeslib()
    settings.LAUREL_BASE_URL = live_server.url
    return live_server.url


def openbadgeslib(base_url: str, cases: list[dict]) -> dict[str, dict]:
    """openbadgeslib's verdict on each case, by name, from one process."""
    command = [str(require_openbadgeslib()), str(SCRIPT), "--local-host", urlsplit(base_url).netloc]
    stdout = run_tool(command, json.dumps(cases), TIMEOUT_SECONDS)
    return {result["name"]: result for result in json.loads(stdout)}


def rejected(results: dict[str, dict]) -> dict[str, str]:
    """The cases openbadgeslib refused, or whose embedded endorsements it refused, with why."""
    refused = {name: r["reason"] for name, r in results.items() if not r["valid"]}
    for name, result in results.items():
        for embedded in result["endorsements"]:
            if not embedded["valid"]:
                refused[f"{name}: endorsement of the {embedded['where']}"] = embedded["reason"]
    return refused


def fetch(client, path: str, **params) -> bytes:
    response = client.get(path, params)
    assert response.status_code == 200, response.content[:300]
    return response.content


def credential_cases(client, tmp_path, name: str, award, recipient=None) -> list[dict]:
    """The award's credential in every form Laurel serves: JSON (eddsa-rdfc-2022), JWT, and
    each baked into PNG and SVG."""
    url = f"/public/assertions/{award.entity_id}/credential"
    cases = [
        {
            "name": f"{name} {proof}",
            "kind": "credential",
            "text": fetch(client, url, format=proof).decode(),
            "recipient": recipient,
        }
        for proof in ("json", "jwt")
    ]
    for proof in ("json", "jwt"):
        for image_format in ("png", "svg"):
            path = tmp_path / f"{name.replace(' ', '-')}-{proof}.{image_format}"
            path.write_bytes(fetch(client, url, format=image_format, proof=proof))
            cases.append(
                {
                    "name": f"{name} {proof} baked {image_format}",
                    "kind": "credential",
                    "path": str(path),
                    "recipient": recipient,
                }
            )
    return cases


def endorsement_cases(client, name: str, endorsement) -> list[dict]:
    url = f"/public/endorsements/{endorsement.entity_id}/credential"
    return [
        {
            "name": f"{name} {proof}",
            "kind": "endorsement",
            "text": fetch(client, url, format=proof).decode(),
        }
        for proof in ("json", "jwt")
    ]


def award(badge, **row):
    return assertion_award(badge_class=badge, user=None, notify=False, **row)


def test_every_recipient_kind_in_every_form_passes(base_url, client, tmp_path):
    badge = make_badge(
        make_issuer(),
        alignments=[{"targetName": "Programming", "targetUrl": "https://esco.example/p"}],
        tags=["python"],
        badge_type="certificate",
    )
    cases = []
    for kind, (row, recipient) in RECIPIENTS.items():
        cases += credential_cases(client, tmp_path, kind, award(badge, **row), recipient)
    full = award(
        badge,
        recipient_identity=EMAIL,
        narrative="Built a *parser*.",
        evidence=[{"url": "https://example.org/work", "narrative": "The code."}],
        expires=timezone.now() + timedelta(days=365),
    )
    cases += credential_cases(client, tmp_path, "narrative, evidence, expiry", full)
    svg_badge = make_badge(make_issuer(), image=SVG_BADGE, image_name="b.svg")
    cases += credential_cases(
        client, tmp_path, "svg image", award(svg_badge, recipient_identity=EMAIL)
    )
    results = openbadgeslib(base_url, cases)
    assert rejected(results) == {}
    assert len(results) == len(cases) == 6 * (len(RECIPIENTS) + 2)
    assert {r["proof_format"] for r in results.values()} == {"ldp", "vc-jwt"}
    assert all(r["trusted"] for r in results.values())  # a did:web issuer, not a did:key


def test_every_badge_type_and_badge_detail_passes(base_url, client, tmp_path):
    issuer = make_issuer(image=png_bytes(), image_name="logo.png")
    cases = []
    for badge_type, achievement_type in ob3.ACHIEVEMENT_TYPES.items():
        badge = make_badge(
            issuer,
            name=f"A {badge_type}",
            badge_type=badge_type,
            criteria_url="https://example.org/criteria",
            language="en",
            alignments=[
                {
                    "targetName": "Programming",
                    "targetUrl": "https://esco.example/p",
                    "targetDescription": "Writes programs.",
                    "targetFramework": "ESCO",
                    "targetCode": "P-1",
                }
            ],
        )
        one = award(
            badge,
            recipient_identity=EMAIL,
            evidence=[{"narrative": "Evidence told, with no URL."}],
        )
        made = credential_cases(client, tmp_path, badge_type, one)[:2]
        achievement = json.loads(made[0]["text"])["credentialSubject"]["achievement"]
        assert achievement["achievementType"] == achievement_type
        cases += made
    assert json.loads(cases[0]["text"])["issuer"]["image"]
    results = openbadgeslib(base_url, cases)
    assert rejected(results) == {}


def test_endorsements_and_endorsed_awards_pass(base_url, client, tmp_path):
    owner = UserFactory()
    endorser = make_issuer(owner, name="Guild of Testers")
    badge = make_badge(make_issuer(name="School of Python"))
    endorsed = award(badge, recipient_identity="did:example:ada", recipient_type="id", hashed=False)
    given = {
        target: endorsement_create(
            endorser=endorser, user=owner, target=obj, comment="Rigorous and fair assessment."
        )
        for target, obj in (("issuer", badge.issuer), ("badge", badge), ("award", endorsed))
    }
    cases = credential_cases(client, tmp_path, "endorsed award", endorsed, "did:example:ada")
    for target, endorsement in given.items():
        cases += endorsement_cases(client, f"endorsement of the {target}", endorsement)
    results = openbadgeslib(base_url, cases)
    assert rejected(results) == {}
    # The badge class's and the issuer's endorsements are embedded and pass on their own too;
    # the award's is a credential of its own (ob3.py says why), passing above.
    embedded = results["endorsed award json"]["endorsements"]
    assert sorted(e["where"] for e in embedded) == ["achievement", "issuer"]


def test_credentials_signed_before_and_after_a_key_rotation_pass(base_url, client, tmp_path):
    issuer_award = award(make_badge(make_issuer()), recipient_identity=EMAIL)
    before = credential_cases(client, tmp_path, "before", issuer_award)[:2]
    issuer_key_rotate(issuer=issuer_award.issuer, user=issuer_award.issuer.staff.get().user)
    after = credential_cases(client, tmp_path, "after", issuer_award)
    assert json.loads(after[0]["text"])["proof"] != json.loads(before[0]["text"])["proof"]
    results = openbadgeslib(base_url, before + after)
    assert rejected(results) == {}


def test_it_rejects_a_revoked_or_tampered_credential_so_its_passes_mean_something(
    base_url, client, tmp_path
):
    revoked = award(make_badge(make_issuer()), recipient_identity=EMAIL)
    cases = credential_cases(client, tmp_path, "revoked", revoked)[:2]
    owner = revoked.issuer.staff.get().user
    endorser_owner = UserFactory()
    endorser = make_issuer(endorser_owner, name="Guild of Testers")
    endorsement = endorsement_create(
        endorser=endorser, user=endorser_owner, target=revoked.badge_class, comment="Fair."
    )
    cases += endorsement_cases(client, "withdrawn endorsement", endorsement)
    assertion_revoke(assertion=revoked, user=owner, reason="Issued in error.")
    endorsement_revoke(endorsement=endorsement, user=endorser_owner, reason="Closed.")
    tampered = json.loads(cases[0]["text"])
    tampered["credentialSubject"]["achievement"]["name"] = "Something else"
    cases.append({"name": "tampered json", "kind": "credential", "text": json.dumps(tampered)})
    forged = json.loads(cases[2]["text"])
    forged["credentialSubject"]["endorsementComment"] = "Best in the world."
    cases.append(
        {"name": "tampered endorsement", "kind": "endorsement", "text": json.dumps(forged)}
    )
    results = openbadgeslib(base_url, cases)
    for name in ("revoked", "withdrawn endorsement"):
        for proof in ("json", "jwt"):
            assert "status 'revocation' is set" in results[f"{name} {proof}"]["reason"]
    assert not results["tampered json"]["valid"]
    assert not results["tampered endorsement"]["valid"]


def test_embedding_an_awards_endorsement_in_the_award_is_what_it_refuses(base_url, client):
    """Why Laurel no longer embeds an award's endorsements in the award (issue 21, item 3): the
    old form, signed here by hand, is refused by openbadgeslib's JSON-LD form check."""
    owner = UserFactory()
    endorser = make_issuer(owner, name="Guild of Testers")
    endorsed = award(make_badge(make_issuer()), recipient_identity=EMAIL)
    endorsement = endorsement_create(
        endorser=endorser, user=owner, target=endorsed, comment="Rigorous and fair."
    )
    document = ob3.credential_document(endorsed)
    document["endorsement"] = [credentials.endorsement_json(endorsement)]
    key = credential_key_for(issuer=endorsed.issuer, algorithm=KeyAlgorithm.ED25519)
    signed = dataintegrity.sign(
        document,
        signing.load_private_key(credential_private_key(key)),
        verification_method=did.method_id(did.issuer_did(endorsed.issuer.entity_id), key.entity_id),
        created=timezone.now(),
    )
    results = openbadgeslib(
        base_url, [{"name": "old form", "kind": "credential", "text": json.dumps(signed)}]
    )
    assert not results["old form"]["valid"]
    assert "own node" in results["old form"]["reason"]
    assert "is described again inside it" in results["old form"]["reason"]
