"""Verify Open Badges 3.0 credentials with openbadgeslib; runs in its venv, not Laurel's.

Usage: openbadgeslib_verify.py --local-host HOST:PORT [--local-host ...] < CASES.json

stdin holds a JSON list of cases, each {"name": ..., "kind": "credential" or "endorsement",
"text": a JSON document or compact JWT, or "path": a baked .png/.svg file, and optionally
"recipient": the credentialSubject.id openbadgeslib must bind the credential to}. stdout gets
a JSON list of results in the same order: {"name", "valid", "reason", "proof_format",
"trusted", "endorsements": [{"where", "valid", "reason"}, ...]}.

Keys are found the way openbadgeslib finds them for any issuer: the issuer's did:web is
resolved over the network, the proof's verificationMethod (JSON) or the JWT's kid is looked up
in that DID document, and each credentialStatus list is fetched and its bit read. did:web
always means https; a live test server speaks plain http on loopback, so every
https://HOST:PORT URL of a --local-host is fetched as http://HOST:PORT instead (the only
mapping), through openbadgeslib's own downloader. Any other host is refused: the test
network is closed, and nothing must be fetched from the internet.

What openbadgeslib runs for each kind:
- credential, JSON (Data Integrity): OB3LdpVerifier anchored to the issuer's DID;
- credential, JWT: OB3Verifier anchored to the issuer's DID;
- credential, baked PNG/SVG: verify.verify_badge with resolve_did, which unbakes either form;
  all three with check_status=True. verify_status_list is off: openbadgeslib verifies only a
  JWT-secured status list's own proof, and Laurel's is secured with Data Integrity (both are
  Bitstring Status List forms); the list is still fetched, its window and bit checked.
- endorsement, JWT: verify_endorsement_jwt (openbadgeslib's EndorsementCredential verifier);
- endorsement, JSON: openbadgeslib has no verifier class for a Data Integrity
  EndorsementCredential (OB3LdpVerifier insists on an OpenBadgeCredential), so its building
  blocks are run in the order OB3LdpVerifier runs them: the JSON-LD form check, the issuer
  binding of the verificationMethod, the eddsa-rdfc-2022 proof and the validity window.
  Both endorsement forms then get the same status check as a credential.
Every endorsement embedded in a JSON credential (under the credential, its issuer or its
achievement) is verified on its own the same way and reported under "endorsements".

Exit status: 0 when every case ran (whatever its verdict), 2 on a usage error.
This file must not import Django or Laurel: it runs under scripts/install-openbadgeslib's venv.
"""

import argparse
import contextlib
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

from openbadgeslib import util
from openbadgeslib.ob3 import (
    OB3LdpVerifier,
    OB3VerificationError,
    OB3Verifier,
    verify_endorsement_jwt,
)
from openbadgeslib.ob3.contexts import document_loader
from openbadgeslib.ob3.did import resolve_verification_method
from openbadgeslib.ob3.ldp import _check_json_ld_form, _select_proof, verify_data_integrity_proof
from openbadgeslib.ob3.status import _check_entry
from openbadgeslib.ob3.verifier import _check_endorsement_window
from openbadgeslib.verify import issuer_did_from_document, issuer_did_from_token, verify_badge

LOCAL_HOSTS: set[str] = set()


def download(url: str) -> bytes:
    """openbadgeslib's downloader, with the live test server's https URLs sent over http."""
    parts = urlsplit(url)
    if parts.netloc not in LOCAL_HOSTS or parts.scheme not in ("https", "http"):
        raise ValueError(f"the test network is closed: refusing to fetch {url}")
    return util.download_file(
        parts._replace(scheme="http").geturl(), allow_insecure=True, allow_private=True
    )


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def issuer_id(document: dict):
    issuer = document.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def check_status(document: dict) -> None:
    """The status check OB3Verifier.check_status runs, for an EndorsementCredential."""
    for entry in as_list(document.get("credentialStatus")):
        _check_entry(entry, download, badge_issuer=issuer_id(document))


def verify_endorsement_json(document: dict) -> None:
    """OB3LdpVerifier.verify's steps for an EndorsementCredential (see the module docstring)."""
    if "EndorsementCredential" not in as_list(document.get("type")):
        raise OB3VerificationError(f"not an EndorsementCredential: {document.get('type')!r}")
    proof = _select_proof(document)
    _check_json_ld_form(document, proof, document_loader())
    method = proof["verificationMethod"]
    if method.partition("#")[0] != issuer_id(document):
        raise OB3VerificationError(
            f"proof verificationMethod {method!r} is not the endorser's {issuer_id(document)!r}"
        )
    verify_data_integrity_proof(document, resolve_verification_method(method, download))
    _check_endorsement_window(document)
    check_status(document)


def verify_endorsement_token(token: str) -> None:
    verify_endorsement_jwt(token, download=download)
    check_status(OB3Verifier._decode_unverified(token))


def verify_endorsement(text: str) -> None:
    if text.lstrip().startswith("{"):
        verify_endorsement_json(json.loads(text))
    else:
        verify_endorsement_token(text.strip())


def embedded_endorsements(document: dict) -> list[tuple[str, dict]]:
    """(where, endorsement) for each endorsement embedded in a credential document."""
    subject = (as_list(document.get("credentialSubject")) or [{}])[0]
    holders = {
        "credential": document,
        "issuer": document.get("issuer"),
        "achievement": subject.get("achievement") if isinstance(subject, dict) else None,
    }
    return [
        (where, endorsement)
        for where, holder in holders.items()
        if isinstance(holder, dict)
        for endorsement in as_list(holder.get("endorsement"))
    ]


def verify_credential(case: dict) -> dict:
    recipient = case.get("recipient")
    if case.get("path"):
        result = verify_badge(
            Path(case["path"]).read_bytes(),
            "3",
            resolve_did=True,
            expected_recipient=recipient,
            check_status=True,
            verify_status_list=False,
            download=download,
        )
        return {
            "valid": result.valid,
            "reason": result.reason,
            "proof_format": result.proof_format,
            "trusted": result.trusted,
        }
    text = case["text"].strip()
    if text.startswith("{"):
        verifier = OB3LdpVerifier.for_issuer_did(issuer_did_from_document(text))
        proof_format = "ldp"
    else:
        verifier = OB3Verifier.for_issuer_did(issuer_did_from_token(text), download=download)
        proof_format = "vc-jwt"
    verifier.verify(
        text,
        expected_recipient=recipient,
        check_status=True,
        verify_status_list=False,
        download=download,
    )
    return {"valid": True, "reason": None, "proof_format": proof_format, "trusted": True}


def run(case: dict) -> dict:
    result = {"name": case.get("name"), "endorsements": []}
    try:
        if case.get("kind") == "endorsement":
            verify_endorsement(case["text"])
            result.update(valid=True, reason=None, proof_format=None, trusted=True)
        else:
            result.update(verify_credential(case))
    except (OB3VerificationError, ValueError, KeyError, TypeError) as exc:
        result.update(valid=False, reason=f"{type(exc).__name__}: {exc}")
        return result
    text = (case.get("text") or "").strip()
    if case.get("kind") != "endorsement" and text.startswith("{"):
        for where, endorsement in embedded_endorsements(json.loads(text)):
            entry = {"where": where, "valid": True, "reason": None}
            try:
                verify_endorsement_json(endorsement)
            except (OB3VerificationError, ValueError, KeyError, TypeError) as exc:
                entry.update(valid=False, reason=f"{type(exc).__name__}: {exc}")
            result["endorsements"].append(entry)
    return result


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--local-host",
        action="append",
        default=[],
        metavar="HOST:PORT",
        help="a live test server whose https URLs are fetched over plain http",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    LOCAL_HOSTS.update(args.local_host)
    try:
        cases = json.load(sys.stdin)
    except ValueError as exc:
        print(f"stdin is not a JSON list of cases: {exc}", file=sys.stderr)
        return 2
    if not isinstance(cases, list):
        print("stdin must hold a JSON list of cases", file=sys.stderr)
        return 2
    # openbadgeslib's downloader prints a warning for each plain-http fetch to stdout; it
    # goes to stderr so that stdout holds only the results.
    with contextlib.redirect_stdout(sys.stderr):
        results = [run(case) for case in cases]
    json.dump(results, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
