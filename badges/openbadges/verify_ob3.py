"""Laurel's verifier for Open Badges 3.0 credentials (Data Integrity JSON or VC-JWT).

`verify_badge` in verify.py hands a credential here once it recognises one. The checks: the
credential's shape and 1EdTech's OB 3.0 JSON schema, JSON-LD expansion (every term defined
by a context Laurel holds, none dropped), the proof (eddsa-rdfc-2022 or VC-JWT) with the key
resolved through did:web, did:key or the issuer's URL, the recipient, the validity dates and
the Bitstring Status List (proofs in verify_ob3_proofs, status in verify_ob3_status).
Every problem becomes a failed check; nothing is raised.

An EndorsementCredential is checked the same way (against the schema's EndorsementCredential,
with its endorsed object's id instead of a recipient). The endorsements a credential embeds
(of the award, its achievement and its issuer) are each verified on their own; a broken one
is a warning, since the badge itself may still be sound.
"""

import contextlib
import json
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft201909Validator

from . import vcjwt
from .hashing import identity_matches
from .jsonld import JsonLdError, undefined_terms
from .report import VerificationReport
from .signing import SigningError
from .verify_base import CLOCK_SKEW, Fetch, Stop, as_list, noun, parse_datetime
from .verify_ob3_status import Ob3Status

VC_CONTEXTS = ("https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1")
CREDENTIAL_TYPES = ("OpenBadgeCredential", "AchievementCredential", "EndorsementCredential")
SCHEMA_FILE = Path(__file__).parent / "schemas" / "ob_v3p0_achievementcredential_schema.json"
IDENTITY_TYPES = {"emailAddress": "email", "ext:telephone": "telephone", "ext:url": "url"}


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
    with contextlib.suppress(Stop):  # raised once the check that ends it is recorded
        verifier.run(text.strip())


@cache
def _schema_validator(definition: str = "", vc1: bool = False) -> Draft201909Validator:
    """The shipped schema, or one of its definitions (such as EndorsementCredential); with vc1,
    fitted to a VC 1.1 credential (see _fit_to_vc1)."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    if vc1:
        _fit_to_vc1(schema)
        _fit_to_vc1(schema["$defs"]["EndorsementCredential"])
        # The 3.0.0 and 3.0.1 contexts define image as an @id term, and the schema's own Image
        # description says an image "can typically be represented as just the id string";
        # credentials of that era (the DCC wallet's among them) do so.
        schema["$defs"]["Image"] = {"anyOf": [schema["$defs"]["Image"], {"type": "string"}]}
    if definition:
        schema = {"$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    return Draft201909Validator(schema)


def _fit_to_vc1(credential_schema: dict) -> None:
    """1EdTech's schema is written for VC 2.0, but OB 3.0.0 and 3.0.1 credentials (still issued
    and held in wallets) are VC 1.1: the same credential under the VC 1.1 context, with
    issuanceDate and expirationDate for validFrom and validUntil. Fitted so, the schema judges
    everything else in them as it does for 3.0.3."""
    renames = {"validFrom": "issuanceDate", "validUntil": "expirationDate"}
    properties = credential_schema["properties"]
    for new, old in renames.items():
        if new in properties:
            properties[old] = properties.pop(new)
    credential_schema["required"] = [renames.get(n, n) for n in credential_schema["required"]]
    for option in properties["@context"].get("oneOf", []):
        items = option.get("items") if isinstance(option, dict) else None
        if isinstance(items, list) and items and "enum" in items[0]:
            items[0] = {"enum": [VC_CONTEXTS[1]]}


def _is_endorsement(credential: dict) -> bool:
    return "EndorsementCredential" in as_list(credential.get("type"))


def is_vc1(credential: dict) -> bool:
    """Whether the credential is of the VC 1.1 data model (its first context says so)."""
    contexts = credential.get("@context")
    first = contexts[0] if isinstance(contexts, list) and contexts else contexts
    return first == VC_CONTEXTS[1]


def schema_errors(credential: dict) -> list[str]:
    """What 1EdTech's OB 3.0 schema (AchievementCredential, or its EndorsementCredential for an
    endorsement), fitted to the credential's data model, finds wrong, readably (at most 5)."""
    validator = _schema_validator(
        "EndorsementCredential" if _is_endorsement(credential) else "", is_vc1(credential)
    )
    errors = sorted(validator.iter_errors(credential), key=lambda e: list(e.path))
    messages = []
    for error in errors[:5]:
        where = "/".join(str(part) for part in error.absolute_path) or _("the credential")
        messages.append(f"{where}: {error.message[:200]}")
    return messages


class _CredentialVerifier(Ob3Status):
    """One credential's checks, recorded into the report it is given."""

    def __init__(self, report, *, fetch: Fetch, recipients, now: datetime):
        self.report = report
        self.fetch = fetch
        self.recipients = recipients
        self.now = now
        self.documents: dict[str, Any] = {}

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
                self.stop("input", _("The text is not valid JSON; paste the credential's JSON."))
            report.verification_type = "data-integrity"
        else:
            token = text
            report.verification_type = "vc-jwt"
            try:
                _header, payload = vcjwt.read(token)
            except SigningError as exc:
                self.stop("proof", _("The JWT cannot be read: %(error)s") % {"error": exc})
            credential = vcjwt.credential_of(payload)
            if not isinstance(credential, dict):
                self.stop(
                    "credential",
                    _(
                        "The JWT holds no credential: its payload has neither an @context (the "
                        "Open Badges 3.0 form) nor a vc claim (the VC 1.1 form)."
                    ),
                )
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
                _(
                    "The credential's type is %(type)s; an Open Badges 3.0 credential is a "
                    "VerifiableCredential and an OpenBadgeCredential."
                )
                % {"type": repr(credential.get("type"))},
            )
        if not isinstance(issuer_id, str) or not issuer_id:
            self.stop("issuer", _("The credential names no issuer (issuer.id)."))
        self.check("credential", True, _("The credential is an Open Badges 3.0 credential."))

    def check_schema(self, credential: dict) -> None:
        model = "VC 1.1" if is_vc1(credential) else "VC 2.0"
        errors = schema_errors(credential)
        if errors:
            self.check(
                "schema",
                False,
                _(
                    "The credential does not follow 1EdTech's Open Badges 3.0 schema "
                    "(%(model)s): %(errors)s"
                )
                % {"model": model, "errors": "; ".join(errors)},
            )
        else:
            self.check(
                "schema",
                True,
                _("The credential follows 1EdTech's Open Badges 3.0 schema (%(model)s).")
                % {"model": model},
            )

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
                _(
                    "These properties are defined by none of the credential's contexts, so a "
                    "JSON-LD reader would drop them: %(terms)s. The issuer must add a context "
                    "that defines them."
                )
                % {"terms": ", ".join(dropped[:10])},
            )
        else:
            self.check("terms", True, _("Every property is defined by the credential's contexts."))

    # Endorsements ------------------------------------------------------------------------------

    def check_endorsed(self, subject: Any) -> None:
        endorsed = subject.get("id") if isinstance(subject, dict) else None
        if not isinstance(endorsed, str) or not endorsed:
            self.check("endorsement", False, _("The endorsement does not say what it endorses."))
            return
        self.check("endorsement", True, _("The credential endorses %(id)s.") % {"id": endorsed})

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
            embedded = as_list(holder.get("endorsement")) + as_list(holder.get("endorsementJwt"))
            for endorsement in embedded:
                self.check_endorsement(endorsement, what, endorsed_id)

    def check_endorsement(self, embedded: Any, what: str, endorsed_id: Any) -> None:
        report = VerificationReport()
        text = embedded if isinstance(embedded, str) else json.dumps(embedded)
        verifier = _CredentialVerifier(report, fetch=self.fetch, recipients=(), now=self.now)
        with contextlib.suppress(Stop):
            verifier.run(text.strip())
        endorsement = report.assertion
        endorser = report.issuer.get("name") or report.issuer.get("id") or _("an unknown endorser")
        subject = endorsement.get("credentialSubject") if isinstance(endorsement, dict) else None
        problems = [check.message for check in report.errors]
        if not _is_endorsement(endorsement if isinstance(endorsement, dict) else {}):
            problems.insert(0, _("It is not an EndorsementCredential."))
        elif not isinstance(subject, dict) or subject.get("id") != endorsed_id:
            problems.append(_("It endorses something else, not %(id)s.") % {"id": endorsed_id})
        if problems:
            self.check(
                "endorsement",
                False,
                _("An endorsement of the %(what)s by %(endorser)s does not verify: %(problems)s")
                % {"what": noun(what), "endorser": endorser, "problems": " ".join(problems[:3])},
                "warning",
            )
        else:
            self.check(
                "endorsement",
                True,
                _("The %(what)s is endorsed by %(endorser)s; the endorsement verifies.")
                % {"what": noun(what), "endorser": endorser},
            )

    # Recipient and dates -------------------------------------------------------------------

    def check_recipient(self, subject: Any) -> None:
        if not isinstance(subject, dict):
            self.check("recipient", False, _("The credential has no credentialSubject."))
            return
        identities = [i for i in as_list(subject.get("identifier")) if isinstance(i, dict)]
        matched = next(
            (
                identity
                for identity_type, identity in self.recipients
                if _subject_is(subject, identities, identity_type, identity)
            ),
            None,
        )
        self.report.record_recipient(self.recipients, matched, _("its recipient"))

    def check_dates(self, credential: dict) -> None:
        start_name = "validFrom" if "validFrom" in credential else "issuanceDate"
        end_name = "validUntil" if "validUntil" in credential else "expirationDate"
        start = parse_datetime(credential.get(start_name))
        end = parse_datetime(credential.get(end_name))
        self.report.issued_on, self.report.expires = start, end
        if credential.get(start_name) is None:
            self.check("valid from", False, _("The credential has no validFrom date."))
        elif start is None:
            self.check(
                "valid from",
                False,
                _("%(name)s %(value)s is not a date.")
                % {"name": start_name, "value": repr(credential[start_name])},
            )
        elif start > self.now + CLOCK_SKEW:
            self.report.not_yet_valid = True
            self.check(
                "valid from",
                False,
                _("The credential is valid only from %(date)s UTC, which is in the future.")
                % {"date": f"{start:%Y-%m-%d %H:%M}"},
            )
        else:
            self.check(
                "valid from", True, _("Valid from %(date)s.") % {"date": f"{start:%Y-%m-%d}"}
            )
        if credential.get(end_name) in (None, ""):
            return
        if end is None:
            self.check(
                "valid until",
                False,
                _("%(name)s %(value)s is not a date.")
                % {"name": end_name, "value": repr(credential[end_name])},
            )
        elif end <= self.now:
            self.report.expired = True
            self.check(
                "valid until",
                False,
                _("The credential expired on %(date)s.") % {"date": f"{end:%Y-%m-%d}"},
            )
        else:
            self.check(
                "valid until",
                True,
                _("The credential is valid until %(date)s.") % {"date": f"{end:%Y-%m-%d}"},
            )


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
