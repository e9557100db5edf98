"""The wallet in tools/wallet (Digital Bazaar's libraries, Animo's OID4VCI client) as a
subprocess, and the cross-check verifiers (tools/crosscheck) judging what it received."""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from badges.tests.ob2_validator import tool_required
from badges.tests.test_crosscheck import SCHEMAS, _named, run_crosscheck
from badges.tests.test_ob3_fixtures import _b64

TOOL = Path(__file__).resolve().parents[2] / "tools" / "wallet"
TIMEOUT_SECONDS = 120


def require_wallet() -> str:
    """The node binary; skips the test (or fails, when required) if the wallet is not set up."""
    node = shutil.which("node")
    if node is None:
        reason = "Node is not installed (apt-get install nodejs npm)"
    elif not (TOOL / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        reason = f"the wallet's libraries are not installed in {TOOL}: run make wallet-client"
    else:
        return node
    if tool_required("wallet-client"):
        pytest.fail(f"LAUREL_REQUIRE_SERVICES requires the wallet client: {reason}")
    pytest.skip(reason)


def run_wallet(script: str, **options) -> dict:
    """Runs tools/wallet/<script> with the options; its JSON answer."""
    completed = subprocess.run(
        [require_wallet(), str(TOOL / script), json.dumps(options)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        cwd=TOOL,
        check=False,
    )
    if completed.returncode != 0:
        raise AssertionError(f"{script} exited {completed.returncode}:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout)


def documents_from(client, credential: dict | str) -> dict:
    """The documents the credential names (issuer DID document, status list), as the live
    Laurel serves them, keyed as the cross-check's verifiers ask for them."""
    claims = credential
    if isinstance(credential, str):
        claims = json.loads(_b64(credential.split(".")[1]))
    documents = {}
    for url in _named(claims):
        if url in documents:
            continue
        if url in SCHEMAS:
            documents[url] = json.loads(SCHEMAS[url].read_text())
            continue
        response = client.get(urlsplit(url).path, HTTP_ACCEPT="application/ld+json")
        assert response.status_code == 200, (url, response.content[:300])
        documents[url] = json.loads(response.content)
        if url.startswith("http://") and url.endswith("/did.json"):
            # Laurel reads a loopback did:web over http; the did:web method says https.
            documents["https://" + url.removeprefix("http://")] = documents[url]
    return documents


def independent_verdicts(client, credential: dict | str) -> dict:
    """{verifier: {verdict, reason}} from the cross-check's verifiers for the credential."""
    row = {
        "name": "wallet credential",
        "credential": credential,
        "documents": documents_from(client, credential),
    }
    return run_crosscheck([row])[0]["verifiers"]
