"""Laurel's verifier for Open Badges 3.0 credentials (Data Integrity JSON or VC-JWT).

`verify_badge` in verify.py hands a credential here once it recognises one. The checks: the
credential's shape and 1EdTech's OB 3.0 JSON schema, JSON-LD expansion (every term defined
by a context Laurel holds, none dropped), the proof (eddsa-rdfc-2022 or VC-JWT) with the key
resolved through did:web, did:key or the issuer's URL, the recipient, the validity dates and
the Bitstring Status List. Every problem becomes a failed check; nothing is raised.

An EndorsementCredential is checked the same way (against the schema's EndorsementCredential,
with its endorsed object's id instead of a recipient). The endorsements a credential embeds
(of the award, its achievement and its issuer) are each verified on their own; a broken one
is a warning, since the badge itself may still be sound.
"""

import contextlib
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from jsonschema import Draft201909Validator

from . import dataintegrity, did, statuslist, vcjwt
from .fetch import FetchedResponse, FetchError
from .hashing import identity_matches
from .jsonld import JsonLdError, undefined_terms
from .report import Check, VerificationReport
from .signing import SigningError

VC_CONTEXTS = ("https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1")
CREDENTIAL_TYPES = ("OpenBadgeCredential", "AchievementCredential", "EndorsementCredential")
SCHEMA_FILE = Path(__file__).parent / "schemas" / "ob_v3p0_achievementcredential_schema.json"
STATUS_ENTRY_TYPES = ("BitstringStatusListEntry", "StatusList2021Entry")
STATUS_LIST_TYPES = ("BitstringStatusListCredential", "StatusList2021Credential")
IDENTITY_TYPES = {"emailAddress": "email", "ext:telephone": "telephone", "ext:url": "url"}
CLOCK_SKEW = timedelta(minutes=5)

Fetch = Callable[[str], FetchedResponse]


class _Stop(Exception):
    """Verification cannot go on; the failed check saying why is already in the report."""


def is_credential(doc: Any) -> bool:
    """Whether a JSON object is a Verifiable Credential (it names a VC context)."""
    if not isinstance(doc, dict):
        return False
    contexts = doc.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    return any(isinstance(c, str) and c in VC_CONTEXTS for c in contexts)


def is_credential_jwt(token: str) -> bool:
    try:
        _header, payload = vcjwt.read(token)
    except SigningError:
        return False
    return is_credential(vcjwt.credential_of(payload))


def verify_credential(
    report: VerificationReport,
    *,
    text: str,
    fetch: Fetch,
    recipients: Sequence[tuple[str, str]],
    now: datetime,
) -> None:
    """Add the checks of the 3.0 credential in text (JSON or a JWT) to report."""
    verifier = _CredentialVerifier(report, fetch=fetch, recipients=recipients, now=now)
    with contextlib.suppress(_Stop):  # raised once the check that ends it is recorded
        verifier.run(text.strip())


@cache
def _schema_validator(definition: str = "") -> Draft201909Validator:
    """The shipped schema, or one of its definitions (such as EndorsementCredential)."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    if definition:
        schema = {"$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    return Draft201909Validator(schema)


def _is_endorsement(credential: dict) -> bool:
    return "EndorsementCredential" in _list(credential.get("type"))


def schema_errors(credential: dict) -> list[str]:
    """What 1EdTech's OB 3.0 schema (AchievementCredential, or its EndorsementCredential for an
    endorsement) finds wrong, readably (at most 5)."""
    validator = _schema_validator("EndorsementCredential" if _is_endorsement(credential) else "")
    errors = sorted(validator.iter_errors(credential), key=lambda e: list(e.path))
    messages = []
    for error in errors[:5]:
        where = "/".join(str(part) for part in error.absolute_path) or "the credential"
        messages.append(f"{where}: {error.message[:200]}")
    return messages


class _CredentialVerifier:
    def __init__(self, report, *, fetch: Fetch, recipients, now: datetime):
        self.report = report
        self.fetch = fetch
        self.recipients = recipients
        self.now = now
        self.documents: dict[str, Any] = {}

    def check(self, name: str, passed: bool, message: str, level: str = "error") -> bool:
        self.report.checks.append(Check(name, passed, message, level))
        return passed

    def stop(self, name: str, message: str) -> None:
        self.check(name, False, message)
        raise _Stop

    # The steps -----------------------------------------------------------------------------

    def run(self, text: str) -> None:
        report = self.report
        report.spec_version = "3.0"
        token = None
        if text.startswith("{"):
            try:
                credential = json.loads(text)
            except (ValueError, RecursionError):
                credential = None
            if not isinstance(credential, dict):
                self.stop("input", "The text is not valid JSON; paste the credential's JSON.")
            report.verification_type = "data-integrity"
        else:
            token = text
            report.verification_type = "vc-jwt"
            try:
                _header, payload = vcjwt.read(token)
            except SigningError as exc:
                self.stop("proof", f"The JWT cannot be read: {exc}")
            credential = vcjwt.credential_of(payload)
            if not isinstance(credential, dict):
                self.stop("credential", "The JWT holds no credential (no vc claim).")
        report.assertion = credential
        report.assertion_id = credential.get("id") if isinstance(credential.get("id"), str) else ""
        issuer = credential.get("issuer")
        issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
        report.issuer = issuer if isinstance(issuer, dict) else {"id": issuer}
        subject = credential.get("credentialSubject")
        subject = subject[0] if isinstance(subject, list) and subject else subject
        achievement = subject.get("achievement") if isinstance(subject, dict) else None
        report.badge_class = achievement if isinstance(achievement, dict) else {}
        self.check_shape(credential, issuer_id)
        self.check_schema(credential)
        self.check_terms(credential)
        if token is not None:
            self.check_jwt(token, credential, issuer_id)
        else:
            self.check_embedded_proof(credential, issuer_id)
        if _is_endorsement(credential):
            self.check_endorsed(subject)
        else:
            self.check_recipient(subject)
        self.check_dates(credential)
        self.check_status(credential, issuer_id)
        if not _is_endorsement(credential):
            self.check_endorsements(credential, subject, issuer)

    # Shape and schema ----------------------------------------------------------------------

    def check_shape(self, credential: dict, issuer_id: Any) -> None:
        types = credential.get("type")
        types = types if isinstance(types, list) else [types]
        if "VerifiableCredential" not in types or not set(types) & set(CREDENTIAL_TYPES):
            self.stop(
                "credential",
                f"The credential's type is {credential.get('type')!r}; an Open Badges 3.0 "
                "credential is a VerifiableCredential and an OpenBadgeCredential.",
            )
        if not isinstance(issuer_id, str) or not issuer_id:
            self.stop("issuer", "The credential names no issuer (issuer.id).")
        self.check("credential", True, "The credential is an Open Badges 3.0 credential.")

    def check_schema(self, credential: dict) -> None:
        contexts = credential.get("@context")
        if not (isinstance(contexts, list) and contexts and contexts[0] == VC_CONTEXTS[0]):
            # 1EdTech's schema is written for VC 2.0; 3.0.0 and 3.0.1 credentials use VC 1.1.
            missing = [
                name
                for name in ("id", "issuer", "issuanceDate", "credentialSubject")
                if not credential.get(name)
            ]
            if missing:
                self.check("schema", False, f"The credential lacks {', '.join(missing)}.")
            self.check(
                "schema",
                False,
                "This is an Open Badges 3.0 credential of the VC 1.1 era (3.0.0 or 3.0.1); "
                "1EdTech's current schema does not apply to it, so only its required "
                "properties were checked.",
                "warning",
            )
            return
        errors = schema_errors(credential)
        if errors:
            self.check(
                "schema",
                False,
                "The credential does not follow 1EdTech's Open Badges 3.0 schema: "
                + "; ".join(errors),
            )
        else:
            self.check("schema", True, "The credential follows 1EdTech's Open Badges 3.0 schema.")

    def check_terms(self, credential: dict) -> None:
        try:
            dropped = undefined_terms(credential)
        except JsonLdError as exc:
            # Not the end: a JWT's signature can still be checked without JSON-LD.
            self.check("terms", False, str(exc))
            return
        if dropped:
            self.check(
                "terms",
                False,
                "These properties are defined by none of the credential's contexts, so a "
                f"JSON-LD reader would drop them: {', '.join(dropped[:10])}. The issuer must "
                "add a context that defines them.",
            )
        else:
            self.check("terms", True, "Every property is defined by the credential's contexts.")

    # Proofs --------------------------------------------------------------------------------

    def check_embedded_proof(self, credential: dict, issuer_id: str) -> None:
        found = dataintegrity.proofs(credential)
        if not found:
            self.stop(
                "proof",
                "The credential carries no proof, so nobody can tell who issued it; get the "
                "signed credential (with its proof, or as a JWT) from the issuer.",
            )
        for proof in found:
            if self.data_integrity(credential, proof, issuer_id, "proof"):
                return

    def data_integrity(self, document: dict, proof: Any, issuer_id: str, name: str) -> bool:
        if not isinstance(proof, dict):
            return self.check(name, False, "The proof is not a JSON object.")
        method_id = proof.get("verificationMethod")
        if not isinstance(method_id, str) or not method_id:
            return self.check(name, False, "The proof names no verificationMethod.")
        if proof.get("proofPurpose") != "assertionMethod":
            return self.check(
                name,
                False,
                f"The proof's purpose is {proof.get('proofPurpose')!r}, not assertionMethod.",
            )
        key = self.issuer_key(method_id, issuer_id)
        if key is None:
            return False
        if not isinstance(key, Ed25519PublicKey):
            return self.check(
                "issuer key",
                False,
                f"The key {method_id} is not an Ed25519 key, which "
                f"{dataintegrity.CRYPTOSUITE} needs.",
            )
        try:
            dataintegrity.verify(document, proof, key)
        except (dataintegrity.ProofError, JsonLdError) as exc:
            return self.check(name, False, f"The proof is not valid: {exc}")
        return self.check(name, True, f"The {proof.get('cryptosuite')} proof is valid.")

    def check_jwt(self, token: str, credential: dict, issuer_id: str) -> None:
        header, payload = vcjwt.read(token)
        if header.get("alg") not in vcjwt.ALGORITHMS:
            self.stop(
                "proof",
                f"The JWT is signed with {header.get('alg')!r}; Laurel accepts "
                f"{', '.join(vcjwt.ALGORITHMS)}.",
            )
        if "d" in (header.get("jwk") or {}):
            self.stop("proof", "The JWT's header holds a private key; never trust this token.")
        if header.get("kid"):
            kid = str(header["kid"])
            key = self.issuer_key(f"{issuer_id}{kid}" if kid.startswith("#") else kid, issuer_id)
            if key is None:
                raise _Stop
        elif header.get("jwk"):
            try:
                key = did.key_from_jwk(header["jwk"])
            except did.DidError as exc:
                self.stop("issuer key", str(exc))
            self.check(
                "issuer key",
                False,
                "The JWT carries its own key (jwk) instead of naming one of its issuer's keys, "
                "so it shows the credential is intact but not who signed it.",
                "warning",
            )
        else:
            self.stop(
                "issuer key",
                "The JWT names no key (neither a kid nor a jwk header); its "
                "signature cannot be checked.",
            )
        try:
            vcjwt.verify(token, key)
        except SigningError as exc:
            self.stop("proof", str(exc))
        self.check("proof", True, f"The JWT's {header.get('alg')} signature is valid.")
        if payload.get("iss") not in (None, issuer_id):
            self.check(
                "proof",
                False,
                f"The JWT's iss {payload.get('iss')!r} is not the credential's issuer {issuer_id}.",
            )
        if payload.get("jti") not in (None, credential.get("id")):
            self.check("proof", False, "The JWT's jti is not the credential's id.")

    def issuer_key(self, method_id: str, issuer_id: str):
        """The public key of method_id when the issuer controls it; else a failed check."""
        controller = method_id.split("#")[0]
        if controller != issuer_id:
            self.check(
                "issuer key",
                False,
                f"The credential was signed with a key of {controller}, not of its issuer "
                f"{issuer_id}.",
            )
            return None
        try:
            if method_id.startswith("did:key:"):
                document = did.did_key_document(method_id)
            else:
                document = self.controller_document(controller)
                if document is None:
                    return None
            if document.get("id") == method_id or "verificationMethod" not in document:
                # The URL itself is the key (a JWK or Multikey published on its own).
                method = document
                if document.get("controller", controller) != controller:
                    raise did.DidError(f"The key {method_id} is not controlled by {controller}.")
            else:
                method = did.find_method(document, method_id)
            key = did.method_key(method)
        except did.DidError as exc:
            self.check("issuer key", False, str(exc))
            return None
        self.check("issuer key", True, f"The key {method_id} belongs to the issuer.")
        return key

    def controller_document(self, controller: str) -> dict | None:
        if controller in self.documents:
            return self.documents[controller]
        try:
            url = did.did_web_url(controller) if controller.startswith("did:") else controller
        except did.DidError as exc:
            self.check("issuer key", False, f"{exc} Laurel resolves did:web and did:key.")
            return None
        if not url.startswith(("https://", "http://")):
            self.check(
                "issuer key",
                False,
                f"The key's controller {controller!r} cannot be "
                "resolved; Laurel resolves did:web, did:key and https URLs.",
            )
            return None
        document = self.fetch_json(
            url, "DID document" if controller.startswith("did:") else "issuer's key document"
        )
        self.documents[controller] = document
        return document

    def fetch_json(self, url: str, what: str, name: str = "issuer key") -> dict | None:
        try:
            response = self.fetch(url)
        except FetchError as exc:
            self.check(name, False, f"The {what} at {url} could not be fetched: {exc}")
            return None
        if response.status != 200:
            self.check(
                name, False, f"The {what} at {url} could not be read (HTTP {response.status})."
            )
            return None
        try:
            document = json.loads(response.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError, RecursionError):
            document = None
        if not isinstance(document, dict):
            self.check(name, False, f"The {what} at {url} is not a JSON object.")
            return None
        return document

    # Endorsements ------------------------------------------------------------------------------

    def check_endorsed(self, subject: Any) -> None:
        endorsed = subject.get("id") if isinstance(subject, dict) else None
        if not isinstance(endorsed, str) or not endorsed:
            self.check("endorsement", False, "The endorsement does not say what it endorses.")
            return
        self.check("endorsement", True, f"The credential endorses {endorsed}.")

    def check_endorsements(self, credential: dict, subject: Any, issuer: Any) -> None:
        """Each endorsement embedded in the credential, its achievement or its issuer."""
        achievement = subject.get("achievement") if isinstance(subject, dict) else None
        for what, holder in (
            ("credential", credential),
            ("achievement", achievement),
            ("issuer", issuer),
        ):
            if not isinstance(holder, dict):
                continue
            endorsed_id = holder.get("id")
            for embedded in _list(holder.get("endorsement")) + _list(holder.get("endorsementJwt")):
                self.check_endorsement(embedded, what, endorsed_id)

    def check_endorsement(self, embedded: Any, what: str, endorsed_id: Any) -> None:
        report = VerificationReport()
        text = embedded if isinstance(embedded, str) else json.dumps(embedded)
        verifier = _CredentialVerifier(report, fetch=self.fetch, recipients=(), now=self.now)
        with contextlib.suppress(_Stop):
            verifier.run(text.strip())
        endorsement = report.assertion
        endorser = report.issuer.get("name") or report.issuer.get("id") or "an unknown endorser"
        subject = endorsement.get("credentialSubject") if isinstance(endorsement, dict) else None
        problems = [check.message for check in report.errors]
        if not _is_endorsement(endorsement if isinstance(endorsement, dict) else {}):
            problems.insert(0, "It is not an EndorsementCredential.")
        elif not isinstance(subject, dict) or subject.get("id") != endorsed_id:
            problems.append(f"It endorses something else, not {endorsed_id}.")
        if problems:
            self.check(
                "endorsement",
                False,
                f"An endorsement of the {what} by {endorser} does not verify: "
                + " ".join(problems[:3]),
                "warning",
            )
        else:
            self.check(
                "endorsement",
                True,
                f"The {what} is endorsed by {endorser}; the endorsement verifies.",
            )

    # Recipient, dates, status ----------------------------------------------------------------

    def check_recipient(self, subject: Any) -> None:
        if not isinstance(subject, dict):
            self.check("recipient", False, "The credential has no credentialSubject.")
            return
        identities = [i for i in _list(subject.get("identifier")) if isinstance(i, dict)]
        matched = next(
            (
                identity
                for identity_type, identity in self.recipients
                if _subject_is(subject, identities, identity_type, identity)
            ),
            None,
        )
        self.report.record_recipient(self.recipients, matched, "its recipient")

    def check_dates(self, credential: dict) -> None:
        start_name = "validFrom" if "validFrom" in credential else "issuanceDate"
        end_name = "validUntil" if "validUntil" in credential else "expirationDate"
        start, end = _datetime(credential.get(start_name)), _datetime(credential.get(end_name))
        self.report.issued_on, self.report.expires = start, end
        if credential.get(start_name) is None:
            self.check("valid from", False, "The credential has no validFrom date.")
        elif start is None:
            self.check(
                "valid from", False, f"{start_name} {credential[start_name]!r} is not a date."
            )
        elif start > self.now + CLOCK_SKEW:
            self.check(
                "valid from",
                False,
                f"The credential is valid only from {start:%Y-%m-%d %H:%M} "
                "UTC, which is in the future.",
            )
        else:
            self.check("valid from", True, f"Valid from {start:%Y-%m-%d}.")
        if credential.get(end_name) in (None, ""):
            return
        if end is None:
            self.check("valid until", False, f"{end_name} {credential[end_name]!r} is not a date.")
        elif end <= self.now:
            self.report.expired = True
            self.check("valid until", False, f"The credential expired on {end:%Y-%m-%d}.")
        else:
            self.check("valid until", True, f"The credential is valid until {end:%Y-%m-%d}.")

    def check_status(self, credential: dict, issuer_id: str) -> None:
        entries = _list(credential.get("credentialStatus"))
        if not entries:
            self.check("revocation", True, "The credential has no status list, so none applies.")
            return
        for entry in entries:
            if not isinstance(entry, dict) or entry.get("type") not in STATUS_ENTRY_TYPES:
                kind = entry.get("type") if isinstance(entry, dict) else entry
                self.check(
                    "revocation",
                    False,
                    f"The credential's status of type {kind!r} is not one "
                    "Laurel can check; whether it was revoked is unknown.",
                    "warning",
                )
                continue
            self.status_entry(entry, issuer_id)

    def status_entry(self, entry: dict, issuer_id: str) -> None:
        url, purpose = entry.get("statusListCredential"), entry.get("statusPurpose")
        try:
            index = int(entry.get("statusListIndex"))
        except (TypeError, ValueError):
            self.check("revocation", False, "The credential's statusListIndex is not a number.")
            return
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            self.check("revocation", False, "The credential's statusListCredential is not a URL.")
            return
        status_list = self.fetch_json(url, "status list", "revocation")
        if status_list is None:
            self.check(
                "revocation",
                False,
                "Whether the credential was revoked cannot be told: its "
                "status list is unavailable. Try again later.",
            )
            return
        types = _list(status_list.get("type"))
        if "VerifiableCredential" not in types or not set(types) & set(STATUS_LIST_TYPES):
            self.check(
                "revocation",
                False,
                f"The status list at {url} is not a status list "
                "credential (a VerifiableCredential and BitstringStatusListCredential).",
            )
            return
        list_issuer = status_list.get("issuer")
        list_issuer = list_issuer.get("id") if isinstance(list_issuer, dict) else list_issuer
        if list_issuer != issuer_id:
            self.check(
                "revocation",
                False,
                f"The status list is issued by {list_issuer!r}, not by the "
                "credential's issuer; it cannot say whether the credential was revoked.",
            )
            return
        proofs = dataintegrity.proofs(status_list)
        if not proofs or not any(
            self.data_integrity(status_list, proof, issuer_id, "status list") for proof in proofs
        ):
            if not proofs:
                self.check("revocation", False, "The status list is not signed.")
            return
        subject = status_list.get("credentialSubject")
        subject = subject if isinstance(subject, dict) else {}
        if subject.get("statusPurpose", purpose) != purpose:
            self.check(
                "revocation",
                False,
                f"The status list is for {subject.get('statusPurpose')!r}, "
                f"but the credential's entry is for {purpose!r}.",
            )
            return
        try:
            flagged = statuslist.is_set(subject.get("encodedList"), index)
        except statuslist.StatusListError as exc:
            self.check("revocation", False, str(exc))
            return
        if flagged and purpose == "suspension":
            self.check("revocation", False, "The issuer has suspended this credential.")
        elif flagged:
            self.report.revoked = True
            self.check("revocation", False, "The issuer has revoked this credential.")
        else:
            state = "suspended" if purpose == "suspension" else "revoked"
            self.check("revocation", True, f"The credential is not {state}.")


def _list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _datetime(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _subject_is(subject: dict, identities: list[dict], identity_type: str, identity: str) -> bool:
    """Whether the credential's subject is this person: by its id, or an IdentityObject."""
    if isinstance(subject.get("id"), str) and identity_matches(
        subject["id"], identity, None, identity_type
    ):
        return True
    for entry in identities:
        value = entry.get("identityHash")
        salt = entry.get("salt") if isinstance(entry.get("salt"), str) else None
        if (
            IDENTITY_TYPES.get(entry.get("identityType"), entry.get("identityType"))
            == identity_type
            and isinstance(value, str)
            and identity_matches(value, identity, salt, identity_type)
        ):
            return True
    return False
