"""Laurel's Open Badges 3.0 credentials get the same verdict from verifiers Laurel did not
write: the DCC's verifier-core and Digital Bazaar's vc (Data Integrity), and jose with the
OB 3.0 JWT payload rules (VC-JWT), run by tools/crosscheck/verify.mjs under Node.

Every case carries the documents its verifiers need (DID documents, status lists), read from
Laurel's own views and keyed by the URL the credential names (a did:web by the URL the did:web
method gives it). Laurel's verifier and the Node script read those documents only: nothing is
fetched from the network. Each case is one `case(name, credential, documents)` row; the Node
script runs once for all of them. The verdict table is written to var/crosscheck-verdicts.md.

Needs Node and `make crosscheck-tools` (npm ci in tools/crosscheck); without them the test
skips, or fails when LAUREL_REQUIRE_SERVICES requires it (1/true/yes/all, or a comma list
naming `crosscheck`).
"""

import base64
import json
import shutil
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from badges.openbadges import did, ob3
from badges.openbadges.baking import extract
from badges.openbadges.fetch import FetchedResponse
from badges.openbadges.verify import verify_badge
from badges.services.awards import assertion_award, assertion_revoke
from badges.services.badge_translations import badge_class_translation_save
from badges.services.endorsements import endorsement_create, endorsement_revoke
from badges.services.keys import issuer_key_rotate
from badges.tests.ecosystem import CORPUS, fixtures, hosted_documents
from badges.tests.factories import SVG_BADGE, make_badge, make_issuer
from badges.tests.ob2_validator import tool_required
from badges.tests.test_ob3_fixtures import _b64

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "crosscheck"
TABLE = ROOT / "var" / "crosscheck-verdicts.md"  # and the reasons in .json beside it
VERIFIERS = ("@digitalcredentials/verifier-core", "@digitalbazaar/vc", "jose")
BASE_URL = "https://badges.example.edu"
# The copies of 1EdTech's JSON schemas in the repository, for verifier-core's schema check.
SCHEMAS = {
    ob3.SCHEMA["id"]: ROOT / "badges" / "openbadges" / "schemas" / Path(ob3.SCHEMA["id"]).name
}
TIMEOUT_SECONDS = 300

# Where an independent verdict may differ from Laurel's, and why. None of them applies to a
# credential Laurel issues: each rule names what the others' credentials or the libraries do.
OB_RULES = (
    "Laurel judges Open Badges: the OB 3.0 type, 1EdTech's schema and JSON-LD terms every "
    "context defines (as 1EdTech's validator does); the library checks only the VC and proofs"
)
HTTPS_KEYS = (
    "verifier-core resolves keys only through DIDs; this key is named by the issuer's https "
    "URL (1EdTech's fixtures), which Laurel reads as the issuer's controller document"
)
NO_1EDTECH_LIST = "the library does not check a 1EdTechRevocationList status; Laurel does"
STATUS_ISSUER = (
    "Digital Bazaar's default wants the status list issued by the credential's issuer; "
    "Laurel, like verifier-core, uses a list the issuer names in what it signed, when the "
    "list's own proof holds (the DCC's fixtures share one list among issuers)"
)
REVOKED_FIRST = "revoked and expired both: Laurel names the revocation, the library the expiry"
OLD_SUITE_NAME = (
    "the proof names the draft cryptosuite eddsa-2022 (renamed eddsa-rdfc-2022, same "
    "algorithm), which Digital Bazaar's suites no longer accept"
)
NO_SUB = (
    "the OB 3.0 payload has no sub although its subject has an id: the cross-check's payload "
    "rules (like openbadgeslib) refuse it; 1EdTech's validator accepts its own such fixtures, "
    "and Laurel accepts them with a warning"
)
CORE, DB, JOSE = VERIFIERS


def known_difference(row: dict, verifier: str, answer: dict) -> str | None:
    """Why this independent verdict may differ from Laurel's, or None when it must not."""
    mine, theirs = row["laurel"]["verdict"], answer["verdict"]
    credential = row["credential"] if isinstance(row["credential"], dict) else {}
    proofs = credential.get("proof") or []
    proofs = [proof for proof in (proofs if isinstance(proofs, list) else [proofs]) if proof]
    statuses = credential.get("credentialStatus") or []
    statuses = statuses if isinstance(statuses, list) else [statuses]
    if mine == "invalid" and row["laurel"]["check"] in ("schema", "credential", "terms"):
        return OB_RULES
    if (
        verifier == CORE
        and "invalid_signature" in answer["reason"]
        and proofs
        and all(str(proof.get("verificationMethod", "")).startswith("https://") for proof in proofs)
    ):
        return HTTPS_KEYS
    if (
        mine == "revoked"
        and theirs == "valid"
        and any(
            isinstance(status, dict) and status.get("type") == "1EdTechRevocationList"
            for status in statuses
        )
    ):
        return NO_1EDTECH_LIST
    if verifier == DB and "Issuers of the status list credential" in answer["reason"]:
        return STATUS_ISSUER
    if mine == "revoked" and theirs == "expired":
        return REVOKED_FIRST
    if verifier == DB and any(
        isinstance(proof, dict) and proof.get("cryptosuite") == "eddsa-2022" for proof in proofs
    ):
        return OLD_SUITE_NAME
    if verifier == JOSE and '"sub" (undefined)' in answer["reason"]:
        return NO_SUB
    return None


def require_node() -> str:
    """The node binary; skips the test (or fails, when required) if the tool is not set up."""
    node = shutil.which("node")
    if node is None:
        reason = "Node is not installed (apt-get install nodejs npm)"
    elif not (TOOL / "node_modules" / "@digitalcredentials" / "verifier-core").is_dir():
        reason = f"the cross-check libraries are not installed in {TOOL}: run make crosscheck-tools"
    else:
        return node
    if tool_required("crosscheck"):
        pytest.fail(f"LAUREL_REQUIRE_SERVICES requires the cross-check: {reason}")
    pytest.skip(reason)


# Rows ----------------------------------------------------------------------------------------


def answering_from(documents: dict):
    """A fetch for Laurel's verifier that answers from documents only, as the Node script does."""

    def fetch(url: str, **_options) -> FetchedResponse:
        if url not in documents:
            return FetchedResponse(url, 404, "text/plain", b"Not among the documents given", {})
        value = documents[url]
        body = value if isinstance(value, str) else json.dumps(value)
        return FetchedResponse(url, 200, "application/json", body.encode(), {})

    return fetch


def case(name: str, credential: dict | str, documents: dict, *, image: bytes | None = None) -> dict:
    """One row of the cross-check: Laurel's verdict on the credential (a JSON object or a
    VC-JWT), given only documents; the independent verdicts are added by run_crosscheck.
    A baked badge is given as its image (Laurel verifies the image) and the credential
    unbaked from it (the Node verifiers take credentials)."""
    given = {"image": image} if image else {"text": _text(credential)}
    report = verify_badge(**given, fetch=answering_from(documents), now=timezone.now())
    deciding = report.deciding_checks
    return {
        "name": name,
        "credential": credential,
        "documents": documents,
        "laurel": {
            "verdict": report.status,
            "reason": report.reason,
            "check": deciding[0].name if deciding else "",
        },
    }


def _text(credential: dict | str) -> str:
    return credential if isinstance(credential, str) else json.dumps(credential)


def run_crosscheck(rows: list[dict]) -> list[dict]:
    """Adds each row's independent verdicts, from one run of the Node script for all rows."""
    node = require_node()
    documents: dict = {}
    for row in rows:
        for url, value in row["documents"].items():
            if documents.setdefault(url, value) != value:
                raise AssertionError(
                    f"{row['name']} needs another {url} than an earlier case: give it an "
                    "issuer of its own"
                )
    payload = {
        "documents": documents,
        "now": timezone.now().isoformat(),
        "cases": [{"name": row["name"], "credential": row["credential"]} for row in rows],
    }
    completed = subprocess.run(
        [node, str(TOOL / "verify.mjs")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        cwd=TOOL,
        check=False,
    )
    if completed.returncode != 0:
        raise AssertionError(
            f"verify.mjs exited with {completed.returncode}:\n{completed.stderr[-4000:]}"
        )
    answers = json.loads(completed.stdout)["cases"]
    assert [answer["name"] for answer in answers] == [row["name"] for row in rows]
    for row, answer in zip(rows, answers, strict=True):
        row["verifiers"] = answer["verifiers"]
    return rows


def disagreements(rows: list[dict]) -> list[str]:
    """Each (case, verifier) whose verdict is not Laurel's and is not a known difference."""
    found = []
    for row in rows:
        for verifier, answer in row["verifiers"].items():
            if answer["verdict"] in ("n/a", row["laurel"]["verdict"]):
                continue
            if known_difference(row, verifier, answer):
                continue
            found.append(
                f"{row['name']}: Laurel says {row['laurel']['verdict']} "
                f"({row['laurel']['reason'] or 'no errors'}), {verifier} says "
                f"{answer['verdict']} ({answer['reason']})"
            )
    return found


def write_table(rows: list[dict], path: Path = TABLE) -> None:
    """The verdicts as a Markdown table, for the note on the issue."""
    lines = [
        "| case | Laurel | " + " | ".join(VERIFIERS) + " | agree |",
        "| --- | --- | " + " | ".join("---" for _ in VERIFIERS) + " | --- |",
    ]
    notes = []
    for row in rows:
        laurel = row["laurel"]["verdict"]
        cells, mark = [], "yes"
        for verifier in VERIFIERS:
            answer = row["verifiers"][verifier]
            cells.append(answer["verdict"])
            if answer["verdict"] not in ("n/a", laurel):
                known = known_difference(row, verifier, answer)
                mark = "NO" if known is None or mark == "NO" else "known difference"
                notes.append(f"- {row['name']}, {verifier}: {answer['reason']}")
                if known:
                    notes.append(f"  (known difference: {known})")
        lines.append(f"| {row['name']} | {laurel} | " + " | ".join(cells) + f" | {mark} |")
    if notes:
        lines += ["", "Where a verifier differs from Laurel:", "", *notes]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    reasons = [{"name": row["name"], "laurel": row["laurel"], **row["verifiers"]} for row in rows]
    path.with_suffix(".json").write_text(json.dumps(reasons, indent=1) + "\n")


# Laurel's documents ---------------------------------------------------------------------------


def _claims(credential: dict | str) -> dict:
    if isinstance(credential, dict):
        return credential
    return json.loads(_b64(credential.split(".")[1]))


def _named(value) -> Iterator[str]:
    """The DIDs, status lists and schemas anywhere in a credential (embedded endorsements
    too)."""
    if isinstance(value, dict):
        if isinstance(value.get("statusListCredential"), str):
            yield value["statusListCredential"]
        for schema in value.get("credentialSchema") or []:
            yield schema["id"]
        for item in value.values():
            yield from _named(item)
    elif isinstance(value, list):
        for item in value:
            yield from _named(item)
    elif isinstance(value, str) and value.startswith("did:web:"):
        yield did.did_web_url(value)


def documents_of(client, *credentials: dict | str) -> dict:
    """The documents the credentials name, as Laurel's views serve them now."""
    documents = {}
    for credential in credentials:
        for url in _named(_claims(credential)):
            if url in documents:
                continue
            if url in SCHEMAS:
                documents[url] = json.loads(SCHEMAS[url].read_text())
                continue
            if not url.startswith(BASE_URL + "/"):
                continue  # 1EdTech's endorsement schema: no copy in the repository
            response = client.get(urlsplit(url).path, HTTP_ACCEPT="application/ld+json")
            assert response.status_code == 200, (url, response.content[:300])
            documents[url] = json.loads(response.content)
    return documents


def credential_of(client, path: str, fmt: str) -> dict | str:
    response = client.get(f"{path}/credential?format={fmt}")
    assert response.status_code == 200, response.content[:300]
    return response.json() if fmt == "json" else response.content.decode()


def award_path(award) -> str:
    return f"/public/assertions/{award.entity_id}"


def award(badge=None, **row):
    row.setdefault("recipient_identity", "ada@example.org")
    badge = badge or make_badge(make_issuer())
    return assertion_award(badge_class=badge, user=None, notify=False, **row)


def both_forms(client, name: str, path: str) -> list[dict]:
    """The JSON and the JWT credential at path, each a row with the documents it names."""
    rows = []
    for fmt in ("json", "jwt"):
        credential = credential_of(client, path, fmt)
        rows.append(case(f"{name} ({fmt})", credential, documents_of(client, credential)))
    return rows


RECIPIENTS = {
    "email recipient": {"recipient_identity": "ada@example.org"},
    "telephone recipient": {"recipient_identity": "+442071234567", "recipient_type": "telephone"},
    "url recipient": {"recipient_identity": "https://ada.example.org/", "recipient_type": "url"},
    "did recipient": {
        "recipient_identity": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "recipient_type": "id",
        "hashed": False,
    },
}


def laurels_credentials(client) -> list[dict]:
    """A row for every kind of Open Badges 3.0 credential Laurel issues."""
    rows = []
    for name, recipient in RECIPIENTS.items():
        rows += both_forms(client, name, award_path(award(**recipient)))

    now = timezone.now()
    expiring = award(make_badge(make_issuer(), expires_amount=1, expires_unit="years"))
    rows += both_forms(client, "expiring in a year", award_path(expiring))
    expired = award(issued_on=now - timedelta(days=400), expires=now - timedelta(days=35))
    rows += both_forms(client, "expired", award_path(expired))

    translated = make_badge(make_issuer())
    badge_class_translation_save(
        badge_class=translated,
        user=translated.issuer.created_by,
        language="fr",
        name="Programmation Python",
        description="Écrit et teste des programmes Python.",
    )
    # Its achievement names the French version under `related`.
    rows += both_forms(client, "badge in two languages", award_path(award(translated)))

    revoked = award()
    texts = {fmt: credential_of(client, award_path(revoked), fmt) for fmt in ("json", "jwt")}
    assertion_revoke(assertion=revoked, user=None, reason="Plagiarised project.")
    for fmt, credential in texts.items():
        rows.append(case(f"revoked ({fmt})", credential, documents_of(client, credential)))

    rotated = award()
    before = {fmt: credential_of(client, award_path(rotated), fmt) for fmt in ("json", "jwt")}
    issuer_key_rotate(issuer=rotated.issuer, user=rotated.issuer.staff.get().user)
    after = {fmt: credential_of(client, award_path(rotated), fmt) for fmt in ("json", "jwt")}
    for when, credentials in (("before", before), ("after", after)):
        for fmt, credential in credentials.items():
            name = f"signed {when} a key rotation ({fmt})"
            rows.append(case(name, credential, documents_of(client, credential)))

    for image_name, image in (("badge.png", None), ("badge.svg", SVG_BADGE)):
        baked = award(make_badge(make_issuer(), image=image, image_name=image_name))
        kind = image_name.rsplit(".", 1)[1]
        for fmt in ("json", "jwt"):
            image_bytes = client.get(f"{award_path(baked)}/credential?format={kind}&proof={fmt}")
            assert image_bytes.status_code == 200
            unbaked = extract(image_bytes.content)
            credential = json.loads(unbaked) if fmt == "json" else unbaked
            rows.append(
                case(
                    f"baked {kind.upper()} ({fmt})",
                    credential,
                    documents_of(client, credential),
                    image=image_bytes.content,
                )
            )

    rows += endorsement_rows(client)
    rows += tampered_rows(client)
    return rows


def tampered_rows(client) -> list[dict]:
    """Controls: a credential changed after signing is invalid to every verifier, so a
    verifier that passes everything cannot pass this test."""
    path = award_path(award())
    credential = credential_of(client, path, "json")
    documents = documents_of(client, credential)
    credential["credentialSubject"]["achievement"]["name"] = "Something grander"
    header, payload, signature = credential_of(client, path, "jwt").split(".")
    claims = json.loads(_b64(payload))
    claims["credentialSubject"]["achievement"]["name"] = "Something grander"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return [
        case("changed after signing (json)", credential, documents),
        case("changed after signing (jwt)", f"{header}.{forged}.{signature}", documents),
    ]


def endorsement_rows(client) -> list[dict]:
    """EndorsementCredentials of a badge class and of an award, a revoked one, and an award
    that carries its endorsements."""
    rows = []
    owner = UserFactory()
    endorser = make_issuer(owner, name="Guild of Testers")
    badge = make_badge(make_issuer(name="School of Python"))
    endorsed = award(badge)
    for target_name, target in (("a badge class", badge), ("an award", endorsed)):
        endorsement = endorsement_create(
            endorser=endorser, user=owner, target=target, comment="Rigorous and fair."
        )
        path = f"/public/endorsements/{endorsement.entity_id}"
        rows += both_forms(client, f"endorsement of {target_name}", path)
    rows += both_forms(client, "award with its endorsements", award_path(endorsed))

    withdrawing = make_issuer(UserFactory(), name="Withdrawing Guild")
    other = award(make_badge(make_issuer(name="School of Go")))
    endorsement = endorsement_create(
        endorser=withdrawing,
        user=withdrawing.staff.get().user,
        target=other.badge_class,
        comment="Good.",
    )
    path = f"/public/endorsements/{endorsement.entity_id}"
    texts = {fmt: credential_of(client, path, fmt) for fmt in ("json", "jwt")}
    endorsement_revoke(endorsement=endorsement, user=withdrawing.staff.get().user, reason="Closed.")
    for fmt, credential in texts.items():
        rows.append(
            case(f"revoked endorsement ({fmt})", credential, documents_of(client, credential))
        )
    return rows


# The test -------------------------------------------------------------------------------------


def ecosystem_rows() -> list[dict]:
    """Credentials others issue (the corpus of badges/tests/ecosystem.py: 1EdTech's and the
    DCC's fixtures), each a case row with every document the corpus serves; their verdicts
    join the same table and the same comparison with Laurel's."""
    documents = {}
    for url, path in hosted_documents().items():
        text = path.read_text(encoding="utf-8")
        try:
            documents[url] = json.loads(text)
        except ValueError:
            documents[url] = text
    rows = []
    for fixture in fixtures():
        path = CORPUS / fixture
        if path.suffix in (".png", ".svg"):
            image = path.read_bytes()
            baked = extract(image)
            credential = json.loads(baked) if baked.lstrip().startswith("{") else baked.strip()
            rows.append(case(fixture, credential, documents, image=image))
            continue
        text = path.read_text(encoding="utf-8").strip()
        try:
            credential = json.loads(text) if text.startswith("{") else text
        except ValueError:
            credential = text
        rows.append(case(fixture, credential, documents))
    return rows


def expected(name: str) -> str:
    """The verdict a case of Laurel's own says in its name."""
    for start, verdict in (("revoked", "revoked"), ("expired", "expired"), ("changed", "invalid")):
        if name.startswith(start):
            return verdict
    return "valid"


def test_independent_verifiers_agree_with_laurel(client, settings):
    require_node()
    settings.LAUREL_BASE_URL = BASE_URL
    own = laurels_credentials(client)
    rows = run_crosscheck(own + ecosystem_rows())
    write_table(rows)
    assert not disagreements(rows), "\n".join(disagreements(rows))
    for row in own:
        assert row["laurel"]["verdict"] == expected(row["name"]), row
        for verifier, answer in row["verifiers"].items():
            is_jwt = isinstance(row["credential"], str)
            if (verifier == "jose") != is_jwt:
                assert answer["verdict"] == "n/a", (row["name"], verifier)
            else:
                assert answer["verdict"] == expected(row["name"]), (row["name"], verifier, answer)
        core = row["verifiers"]["@digitalcredentials/verifier-core"]
        assert core.get("schema") != "invalid", (row["name"], core["reason"])
