"""Laurel's Open Badges verifier (1.0, 1.1 and 2.0, hosted and signed; 3.0): `verify_badge`.

It takes a badge as its URL, its JSON or JWS, or a baked image, fetches what the badge links
to (assertion, badge class, issuer, signing key, revocation list) through a safe fetcher, and
returns a report of readable checks. Every problem, however malformed the input, becomes a
failed check in the report; nothing is raised.

Open Badges 3.0 credentials (JSON with a VC context, a VC-JWT, or baked) are recognised here
and checked by verify_ob3, into the same report. Documents are read by their Open Badges term
names. JSON-LD contexts are recognised by URL and
never fetched; 1.x documents are read with their older names (`verify`, `hosted`, Unix times).

A 2.0 Endorsement's URL is verified as a hosted object of its own (same report). The
endorsements a badge's assertion, badge class and issuer list are each fetched and checked;
a broken or withdrawn one is a warning, not a failure of the badge.
"""

import contextlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone

from ..images import ImageError, image_dimensions
from .baking import PNG_SIGNATURE, BakingError, extract
from .fetch import FetchedResponse, FetchError, safe_get
from .hashing import identity_matches
from .report import Check, VerificationReport
from .signing import SigningError, read_jws, verify_jws
from .verify_ob3 import is_credential, is_credential_jwt, verify_credential

CONTEXTS_V2 = ("https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json")
CONTEXTS_V1 = ("https://w3id.org/openbadges/v1",)
OB_TERMS = "https://w3id.org/openbadges#"
# A badge issued "now" by a server whose clock runs a little ahead is not from the future.
CLOCK_SKEW = timedelta(minutes=5)
JWS_SHAPE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")
JSON_TYPES = re.compile(r"^application/([\w.-]+\+)*json$|^text/json$")
REQUIRED = {
    "assertion": ("id", "type", "recipient", "badge", "verification", "issuedOn"),
    "badge class": ("name", "description", "image", "criteria", "issuer"),
    "issuer": ("name", "url"),
}
EXPECTED_TYPES = {
    "assertion": ("Assertion",),
    "badge class": ("BadgeClass",),
    "issuer": ("Issuer", "Profile"),
    "signing key": ("CryptographicKey",),
}

Fetch = Callable[[str], FetchedResponse]


def verify_badge(
    *,
    url: str | None = None,
    text: str | None = None,
    image: bytes | None = None,
    recipients: Sequence[tuple[str, str]] = (),
    fetch: Fetch = safe_get,
    now: datetime | None = None,
) -> VerificationReport:
    """Verify one badge given as exactly one of url, text (JSON, JWS or a URL) or image.

    recipients are the (type, identity) pairs of the person importing it, such as
    ("email", "ada@example.org"); the badge must be awarded to one of them. With none, the
    recipient is not checked (anyone may verify any badge).
    """
    verifier = _Verifier(fetch=fetch, recipients=recipients, now=now or timezone.now())
    with contextlib.suppress(_Stop):  # raised once the check that ends it is recorded
        verifier.run(url=url, text=text, image=image)
    report = verifier.report
    report.valid = not report.errors
    return report


class _Stop(Exception):
    """Verification cannot go on; the failed check saying why is already in the report."""


@dataclass
class _Badge:
    """The assertion read in 2.0 terms, whatever version it was published in."""

    doc: dict
    version: str
    id: str
    declared: str  # "hosted" or "signed": the verification type the assertion states
    key_url: str = ""  # verification.creator (2.0) or verify.url (1.x signed)


class _Verifier:
    def __init__(self, *, fetch: Fetch, recipients: Sequence[tuple[str, str]], now: datetime):
        self.fetch = fetch
        self.recipients = recipients
        self.now = now
        self.report = VerificationReport()
        self.fetched: dict[str, dict | None] = {}
        self.token = ""  # the JWS of a signed badge

    # Recording -----------------------------------------------------------------------------

    def check(self, name: str, passed: bool, message: str, level: str = "error") -> bool:
        self.report.checks.append(Check(name, passed, message, level))
        return passed

    def stop(self, name: str, message: str) -> None:
        self.check(name, False, message)
        raise _Stop

    # The steps -----------------------------------------------------------------------------

    def run(self, *, url: str | None, text: str | None, image: bytes | None) -> None:
        given = [value for value in (url, text, image) if value]
        if len(given) != 1:
            self.stop(
                "input",
                "Give exactly one of: the badge's URL, its JSON or JWS text, or the baked "
                "badge image.",
            )
        if image:
            text = self.unbake(image)
        raw = (url or text or "").strip()
        self.report.original = raw
        if _is_http_url(raw):
            self.report.source_url = raw
            badge = self.hosted(raw)
        elif raw.startswith("{") and is_credential(_parse_json(raw)):
            self.credential(raw)
        elif raw.startswith("{"):
            badge = self.from_json(raw)
        elif JWS_SHAPE.match(raw) and is_credential_jwt(raw):
            self.credential(raw)
        elif JWS_SHAPE.match(raw):
            badge = self.from_jws(raw)
        else:
            self.stop(
                "input",
                "This is not a badge: give an assertion URL (http or https), the assertion's "
                "JSON, a JWS signature, or a baked PNG or SVG image.",
            )
        self.verify_linked(badge)

    def credential(self, text: str) -> None:
        """An Open Badges 3.0 credential: checked by verify_ob3, and that is all."""
        verify_credential(
            self.report, text=text, fetch=self.fetch, recipients=self.recipients, now=self.now
        )
        raise _Stop

    def unbake(self, image: bytes) -> str:
        try:
            if image.startswith(PNG_SIGNATURE):
                # Refused before any other use: the size in the header is what a bomb lies about.
                image_dimensions(image)
            payload = extract(image)
        except (BakingError, ImageError) as exc:
            self.stop("image", str(exc))
        self.check("image", True, "The image holds a baked badge.")
        return payload

    def hosted(self, url: str, *, follow_id: bool = True) -> _Badge:
        """The assertion published at url (its hosted copy), or stops when it is gone."""
        self.report.verification_type = "hosted"
        doc = self.fetch_assertion(url)
        if is_credential(doc):
            self.credential(json.dumps(doc))
        if "Endorsement" in _list(doc.get("type")):
            # Fetched by another URL (a .json variant) or not: its id is the hosted copy.
            self.endorsement(doc["id"] if _is_http_url(doc.get("id")) else url)
        hosted_id = _hosted_id(doc)
        if follow_id and hosted_id != url and _is_http_url(hosted_id):
            # Fetched by another URL (a .json variant, a redirect): its id is the hosted copy.
            self.report.source_url = url = hosted_id
            doc = self.fetch_assertion(url)
        badge = self.read_assertion(doc)
        if badge.id != url:
            self.stop(
                "assertion id",
                f"The assertion at {url} gives the id {badge.id!r}; a hosted badge must be "
                "published at its own id, which must be its URL.",
            )
        if badge.declared == "signed":
            self.check(
                "verification type",
                False,
                "The assertion says it is a signed badge, but it was given as a URL, so its "
                "hosted copy was verified; import the baked image or the JWS to check the "
                "signature too.",
                "warning",
            )
        return badge

    def from_json(self, raw: str) -> _Badge:
        doc = _parse_json(raw)
        if doc is None:
            self.stop("input", "The text is not valid JSON; paste the assertion's whole JSON.")
        if _version(doc) is None:
            self.read_assertion(doc)  # stops, saying why it is no badge
        if _declared_type(_verification(doc)) == "signed":
            self.stop(
                "verification type",
                "This is the JSON of a signed badge, which cannot be checked without its "
                "signature; paste the JWS (the signed text) or upload the baked image instead.",
            )
        hosted_id = _hosted_id(doc)
        if not _is_http_url(hosted_id):
            self.stop(
                "assertion id",
                f"The assertion's id {hosted_id!r} is not the URL where it is hosted, so the "
                "issuer's copy cannot be checked.",
            )
        # A pasted hosted badge is only as good as the issuer's copy, which is what is kept.
        self.report.source_url = hosted_id
        return self.hosted(hosted_id, follow_id=False)

    def from_jws(self, token: str) -> _Badge:
        self.report.verification_type = "signed"
        try:
            _header, payload = read_jws(token)
        except SigningError as exc:
            self.stop("signature", f"The JWS cannot be read: {exc}")
        badge = self.read_assertion(payload, revoked_possible=False)
        if badge.declared != "signed":
            self.stop(
                "verification type",
                "The JWS holds an assertion that says it is hosted, not signed; a signed "
                "badge's verification type must be SignedBadge.",
            )
        self.token = token
        return badge

    def verify_linked(self, badge: _Badge) -> None:
        badge_class = self.linked(badge.doc.get("badge"), "badge class")
        self.check_structure(badge_class, "badge class", badge.version)
        issuer_ref = badge_class.get("issuer")
        issuer = self.linked(issuer_ref, "issuer")
        issuer_id = issuer.get("id") or (issuer_ref if isinstance(issuer_ref, str) else "")
        self.check_structure(issuer, "issuer", badge.version)
        if self.report.verification_type == "hosted":
            self.check_origin(badge, issuer, issuer_id)
        else:
            self.check_signature(badge, issuer, issuer_id)
        self.check_recipient(badge.doc.get("recipient"), badge.version)
        self.check_dates(badge.doc, badge.version)
        if badge.declared == "signed":
            self.check_revocation_list(badge, issuer)
        for what, doc in (("award", badge.doc), ("badge class", badge_class), ("issuer", issuer)):
            for listed in _list(doc.get("endorsement")):
                self.check_endorsement(listed, what, doc.get("id"))

    # Endorsements (2.0) ---------------------------------------------------------------------

    def endorsement(self, url: str) -> None:
        """A hosted 2.0 Endorsement given as the thing to verify: its problems are errors."""
        self.report.spec_version = "2.0"
        self.report.verification_type = "hosted"
        doc, problems = self.read_endorsement(url)
        self.report.assertion = doc or {}
        self.report.assertion_id = url
        for problem in problems:
            self.check("endorsement", False, problem)
        if not problems:
            claim = doc["claim"]["id"]
            self.check("endorsement", True, f"The endorsement of {claim} is hosted by its issuer.")
        self.check_dates(doc or {}, "2.0")
        raise _Stop

    def check_endorsement(self, listed: Any, what: str, endorsed_id: Any) -> None:
        url = listed.get("id") if isinstance(listed, dict) else listed
        if not _is_http_url(url):
            self.check(
                "endorsement",
                False,
                f"An endorsement of the {what} has no URL, so it cannot be checked.",
                "warning",
            )
            return
        doc, problems = self.read_endorsement(url, endorsed_id)
        if problems:
            self.check("endorsement", False, " ".join(problems), "warning")
            return
        endorser = self.fetched.get(_endorser_id(doc)) or {}
        name = endorser.get("name") or _endorser_id(doc)
        self.check("endorsement", True, f"The {what} is endorsed by {name}; {url} is current.")

    def read_endorsement(self, url: str, endorsed_id: Any = None) -> tuple[dict | None, list]:
        """The Endorsement at url and what is wrong with it (nothing when it verifies). Read
        without recording checks, so the caller decides whether a problem is an error."""
        try:
            response = self.fetch(url)
        except FetchError as exc:
            return None, [f"The endorsement {url} could not be fetched: {exc}"]
        doc = _parse_json(response.body.decode("utf-8", "replace"))
        if response.status == 410:
            reason = str((doc or {}).get("revocationReason") or "")
            return doc, [f"The endorsement {url} was withdrawn (410 Gone){_because(reason)}."]
        if not 200 <= response.status < 300 or doc is None:
            return None, [_status_message("endorsement", url, response.status)]
        problems = []
        if "Endorsement" not in _list(doc.get("type")):
            problems.append(f"The document at {url} is not an Endorsement.")
        if doc.get("id") != url:
            problems.append(f"The endorsement at {url} gives another id, {doc.get('id')!r}.")
        claim = doc.get("claim") if isinstance(doc.get("claim"), dict) else {}
        if not _is_http_url(claim.get("id")):
            problems.append(f"The endorsement {url} does not say what it endorses (claim.id).")
        elif endorsed_id is not None and claim["id"] != endorsed_id:
            problems.append(f"The endorsement {url} endorses {claim['id']}, not {endorsed_id}.")
        issued_on = _datetime(doc.get("issuedOn"), "2.0")
        if issued_on is None or issued_on > self.now + CLOCK_SKEW:
            problems.append(f"The endorsement {url} has no valid issuedOn date.")
        endorser_id = _endorser_id(doc)
        if not _is_http_url(endorser_id):
            problems.append(f"The endorsement {url} names no issuer URL.")
            return doc, problems
        endorser = self.fetched.get(endorser_id)
        if endorser_id not in self.fetched:
            try:
                answer = self.fetch(endorser_id)
                endorser = _parse_json(answer.body.decode("utf-8", "replace"))
                endorser = endorser if 200 <= answer.status < 300 else None
            except FetchError:
                endorser = None
            self.fetched[endorser_id] = endorser
        if not isinstance(endorser, dict) or not endorser.get("name"):
            problems.append(f"The endorser's profile {endorser_id} cannot be read.")
        elif _authority(url) != _authority(endorser_id):
            problems.append(
                f"The endorsement is hosted on {_authority(url)}, not by its issuer at "
                f"{_authority(endorser_id)}."
            )
        return doc, problems

    # Reading documents --------------------------------------------------------------------

    def fetch_json(self, url: str, what: str) -> tuple[FetchedResponse | None, dict | None]:
        """The response and its JSON object; a failed check (and None) when unusable."""
        try:
            response = self.fetch(url)
        except FetchError as exc:
            self.check(what, False, f"The {what} could not be fetched: {exc}")
            return None, None
        doc = _parse_json(response.body.decode("utf-8", "replace"))
        if response.status == 410 or not 200 <= response.status < 300:
            return response, doc
        if doc is None:
            kind = response.content_type or "an unknown type"
            self.check(what, False, f"The {what} at {url} is not JSON (it was sent as {kind}).")
            return response, None
        if not JSON_TYPES.match(response.content_type):
            self.check(
                what,
                False,
                f"The {what} at {url} was sent as {response.content_type or 'an unknown type'} "
                "rather than application/ld+json; it was read as JSON anyway.",
                "warning",
            )
        return response, doc

    def fetch_assertion(self, url: str) -> dict:
        response, doc = self.fetch_json(url, "assertion")
        if response is None or (doc is None and response.status in range(200, 300)):
            raise _Stop
        if response.status == 410:
            reason = str((doc or {}).get("revocationReason") or "")
            self.revoke(
                reason,
                f"The issuer has revoked this badge (its URL answers 410 Gone){_because(reason)}.",
            )
        if not 200 <= response.status < 300:
            self.stop("assertion", _status_message("assertion", url, response.status))
        return doc

    def revoke(self, reason: str, message: str) -> None:
        self.report.revoked = True
        self.report.revocation_reason = reason
        self.stop("revocation", message)

    def read_assertion(self, doc: dict, *, revoked_possible: bool = True) -> _Badge:
        """The assertion's version and verification, after checking its structure."""
        self.report.assertion = doc
        version = _version(doc)
        if version is None:
            self.stop(
                "assertion",
                "This JSON is not an Open Badges assertion (no Open Badges @context, and not "
                "the Open Badges 1.0 shape with recipient, badge and verify).",
            )
        self.report.spec_version = version
        if revoked_possible and doc.get("revoked") is True:
            reason = str(doc.get("revocationReason") or "")
            self.revoke(reason, f"The issuer has revoked this badge{_because(reason)}.")
        verification = _verification(doc)
        if version == "1.0":
            # 1.0 has no id; a hosted badge's verify.url is its URL, a signed one has a uid.
            doc = {**doc, "id": doc.get("id") or _hosted_url(verification) or doc.get("uid")}
        badge_id = doc.get("id") if isinstance(doc.get("id"), str) else ""
        self.report.assertion_id = badge_id
        self.check_structure(doc, "assertion", version)
        declared = _declared_type(verification)
        if declared is None:
            self.stop(
                "verification type",
                "The assertion does not say how to verify it (verification.type must be "
                "HostedBadge or SignedBadge).",
            )
        key_url = ""
        if declared == "signed" and isinstance(verification, dict):
            key_url = verification.get("creator" if version == "2.0" else "url") or ""
        return _Badge(doc, version, badge_id, declared, key_url if isinstance(key_url, str) else "")

    def linked(self, value: Any, what: str) -> dict:
        """A linked object: fetched when it is a URL, as given when embedded; stops if missing."""
        if isinstance(value, dict):
            doc = value
        elif isinstance(value, str) and _is_http_url(value):
            doc = self.fetch_linked(value, what)
        else:
            self.stop(what, f"The {what} is missing or is not a URL the verifier can fetch.")
        if doc is None:
            raise _Stop
        setattr(self.report, "badge_class" if what == "badge class" else "issuer", doc)
        return doc

    def fetch_linked(self, url: str, what: str) -> dict | None:
        if url not in self.fetched:
            response, doc = self.fetch_json(url, what)
            if response is not None and not 200 <= response.status < 300:
                self.check(what, False, _status_message(what, url, response.status))
                doc = None
            self.fetched[url] = doc
        return self.fetched[url]

    # Checks -------------------------------------------------------------------------------

    def check_structure(self, doc: dict, what: str, version: str) -> None:
        required = REQUIRED[what]
        if what == "assertion" and version != "2.0":
            required = ("recipient", "badge", "verify", "issuedOn") + (
                ("uid",) if version == "1.0" else ("id",)
            )
        missing = [name for name in required if doc.get(name) in (None, "", [], {})]
        if missing:
            self.check(
                what,
                False,
                f"The {what} lacks required properties: {', '.join(missing)}; the issuer must "
                "publish them.",
            )
        else:
            self.check(what, True, f"The {what} has every required property.")
        if version == "2.0" and doc.get("type"):
            types = [t.removeprefix(OB_TERMS) for t in _list(doc.get("type")) if isinstance(t, str)]
            if not set(types) & set(EXPECTED_TYPES[what]):
                self.check(
                    what,
                    False,
                    f"The {what}'s type is {doc.get('type')!r}, not "
                    f"{' or '.join(EXPECTED_TYPES[what])}.",
                )
        if what == "issuer" and not doc.get("email"):
            self.check(
                "issuer",
                False,
                "The issuer gives no contact email (optional in Open Badges 2.0, but recommended).",
                "warning",
            )

    def check_origin(self, badge: _Badge, issuer: dict, issuer_id: str) -> None:
        """A hosted badge must be published where its issuer's policy allows (its own origin)."""
        if badge.version == "1.0":
            # 1.0 issuers have no id; their `url` (then called origin) is what the rule used.
            issuer_id = issuer.get("url") or issuer.get("origin") or issuer_id
        policy = issuer.get("verification") if isinstance(issuer.get("verification"), dict) else {}
        starts_with = [s for s in _list(policy.get("startsWith")) if isinstance(s, str)]
        if starts_with and not any(badge.id.startswith(prefix) for prefix in starts_with):
            self.check(
                "hosted origin",
                False,
                f"The assertion {badge.id} does not start with any URL its issuer's verification "
                f"policy allows ({', '.join(starts_with)}); it may not be the issuer's.",
            )
            return
        allowed = [o for o in _list(policy.get("allowedOrigins")) if isinstance(o, str)]
        allowed = allowed or ([_authority(issuer_id)] if _is_http_url(issuer_id) else [])
        if not allowed:
            self.check(
                "hosted origin",
                False,
                "The issuer has no web address to check the assertion's origin against.",
                "warning",
            )
        elif _authority(badge.id) in allowed:
            self.check("hosted origin", True, "The assertion is hosted on its issuer's origin.")
        else:
            self.check(
                "hosted origin",
                False,
                f"The assertion is hosted on {_authority(badge.id)}, but its issuer is on "
                f"{', '.join(allowed)}; a hosted badge must be published by its issuer.",
            )

    def check_signature(self, badge: _Badge, issuer: dict, issuer_id: str) -> None:
        listed = [
            key.get("id") if isinstance(key, dict) else key
            for key in _list(issuer.get("publicKey"))
        ]
        key_urls = [badge.key_url] if badge.key_url else [k for k in listed if isinstance(k, str)]
        if not key_urls:
            self.stop("signing key", "The badge names no signing key, nor does its issuer.")
        for key_url in key_urls:
            public_pem = self.signing_key(key_url, badge, issuer_id, listed)
            if public_pem is None:
                continue
            try:
                verify_jws(self.token, public_pem)
            except SigningError as exc:
                self.check("signature", False, f"The signature is not valid: {exc}")
                return
            self.check("signature", True, f"The signature is valid for the key {key_url}.")
            return

    def signing_key(self, key_url: str, badge: _Badge, issuer_id: str, listed: list) -> str | None:
        """The key's PEM when the issuer owns it; otherwise a failed check and None."""
        if badge.version == "1.0":
            # 1.0 keys are bare PEM files; the rule is that they sit on the issuer's origin.
            try:
                response = self.fetch(key_url)
            except FetchError as exc:
                self.check("signing key", False, f"The signing key could not be fetched: {exc}")
                return None
            pem = response.body.decode("utf-8", "replace")
            if response.status != 200 or "PUBLIC KEY" not in pem:
                self.check("signing key", False, f"{key_url} is not a PEM public key.")
                return None
            return pem
        if not _is_http_url(key_url):
            self.check("signing key", False, f"The signing key {key_url!r} is not a URL.")
            return None
        key = self.fetch_linked(key_url, "signing key")
        if key is None:
            return None
        owner = key.get("owner")
        if owner != issuer_id:
            self.check(
                "signing key",
                False,
                f"The signing key {key_url} belongs to {owner or 'nobody named'}, not to the "
                f"badge's issuer {issuer_id}.",
            )
            return None
        if key_url not in listed and key.get("id") not in listed:
            self.check(
                "signing key",
                False,
                f"The issuer does not list the key {key_url} among its public keys.",
            )
            return None
        pem = key.get("publicKeyPem")
        if not isinstance(pem, str) or not pem.strip():
            self.check("signing key", False, f"The signing key {key_url} holds no public key.")
            return None
        self.check("signing key", True, "The signing key is listed by the issuer and owned by it.")
        return pem

    def check_recipient(self, recipient: Any, version: str) -> None:
        if not isinstance(recipient, dict) or not isinstance(recipient.get("identity"), str):
            self.check("recipient", False, "The assertion's recipient identity is missing.")
            return
        recipient_type = str(recipient.get("type") or ("email" if version == "1.0" else ""))
        salt = recipient.get("salt") if isinstance(recipient.get("salt"), str) else None
        matched = next(
            (
                identity
                for identity_type, identity in self.recipients
                if identity_type == recipient_type
                and identity_matches(recipient["identity"], identity, salt, identity_type)
            ),
            None,
        )
        self.report.record_recipient(self.recipients, matched, f"its recipient ({recipient_type})")

    def check_dates(self, doc: dict, version: str) -> None:
        issued_on = _datetime(doc.get("issuedOn"), version)
        expires = _datetime(doc.get("expires"), version)
        self.report.issued_on, self.report.expires = issued_on, expires
        if doc.get("issuedOn") is not None and issued_on is None:
            self.check("issued on", False, f"issuedOn {doc.get('issuedOn')!r} is not a date.")
        elif issued_on is not None and issued_on > self.now + CLOCK_SKEW:
            self.check(
                "issued on",
                False,
                f"The badge says it is issued on {issued_on:%Y-%m-%d %H:%M} UTC, which is in "
                "the future; the issuer's data is wrong.",
            )
        elif issued_on is not None:
            self.check("issued on", True, f"Issued on {issued_on:%Y-%m-%d}.")
        if doc.get("expires") in (None, ""):
            return
        if expires is None:
            self.check("expiry", False, f"expires {doc.get('expires')!r} is not a date.")
        elif issued_on is not None and expires < issued_on:
            self.check("expiry", False, "The badge expires before it was issued.")
        elif expires <= self.now:
            self.report.expired = True
            self.check("expiry", False, f"The badge expired on {expires:%Y-%m-%d}.")
        else:
            self.check("expiry", True, f"The badge is valid until {expires:%Y-%m-%d}.")

    def check_revocation_list(self, badge: _Badge, issuer: dict) -> None:
        list_url = issuer.get("revocationList")
        if not list_url:
            self.check(
                "revocation", True, "The issuer publishes no revocation list, so none applies."
            )
            return
        if not isinstance(list_url, str) or not _is_http_url(list_url):
            self.check("revocation", False, "The issuer's revocation list is not a URL.")
            return
        revocations = self.fetch_linked(list_url, "revocation list")
        if revocations is None:
            self.check(
                "revocation",
                False,
                "Whether the badge was revoked cannot be told: its issuer's revocation list "
                "is unavailable. Try again later.",
            )
            return
        if badge.version == "1.0" and "revokedAssertions" not in revocations:
            # A 1.0 list is one object mapping each revoked badge's uid to the reason.
            entries = [{"id": uid, "revocationReason": why} for uid, why in revocations.items()]
        else:
            entries = _list(revocations.get("revokedAssertions"))
        ids = {badge.id, badge.doc.get("uid")} - {None, ""}
        for entry in entries:
            entry_id = (entry.get("id") or entry.get("uid")) if isinstance(entry, dict) else entry
            if entry_id in ids:
                reason = entry.get("revocationReason", "") if isinstance(entry, dict) else ""
                self.revoke(
                    str(reason or ""),
                    f"The issuer has revoked this badge{_because(str(reason or ''))}.",
                )
        self.check("revocation", True, "The badge is not on its issuer's revocation list.")


# Helpers ----------------------------------------------------------------------------------


def _is_http_url(value: Any) -> bool:
    return isinstance(value, str) and bool(re.match(r"https?://[^\s/]+", value, re.IGNORECASE))


def _authority(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc.rpartition("@")[2].lower()


def _list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _parse_json(text: str) -> dict | None:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _version(doc: dict) -> str | None:
    contexts = [c for c in _list(doc.get("@context")) if isinstance(c, str)]
    if any(c.rstrip("/") in CONTEXTS_V2 for c in contexts):
        return "2.0"
    if any(c.rstrip("/") in CONTEXTS_V1 for c in contexts):
        return "1.1"
    if "@context" not in doc and isinstance(doc.get("recipient"), dict) and "verify" in doc:
        return "1.0"
    return None


def _declared_type(verification: Any) -> str | None:
    if not isinstance(verification, dict):
        return None
    kinds = {str(t).removeprefix(OB_TERMS).lower() for t in _list(verification.get("type"))}
    if kinds & {"hostedbadge", "hosted"}:
        return "hosted"
    if kinds & {"signedbadge", "signed"}:
        return "signed"
    return None


def _verification(doc: dict) -> Any:
    return doc.get("verification") if _version(doc) == "2.0" else doc.get("verify")


def _hosted_id(doc: dict) -> str | None:
    """Where a hosted assertion says it lives: its id, or a 1.x verify.url."""
    value = doc.get("id") or _hosted_url(_verification(doc))
    return value if isinstance(value, str) else None


def _hosted_url(verification: Any) -> str | None:
    if _declared_type(verification) == "hosted":
        url = verification.get("url")
        return url if isinstance(url, str) else None
    return None


def _datetime(value: Any, version: str) -> datetime | None:
    """An ISO 8601 date or date-time (UTC when no zone is given); 1.x also a Unix time."""
    if value in (None, ""):
        return None
    if version != "2.0" and (isinstance(value, int | float) or str(value).isdigit()):
        try:
            return datetime.fromtimestamp(float(value), UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _endorser_id(doc: dict) -> Any:
    issuer = doc.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _because(reason: str) -> str:
    return f": {reason}" if reason else ""


def _status_message(what: str, url: str, status: int) -> str:
    if status == 404:
        return f"The {what} at {url} does not exist (HTTP 404 Not Found)."
    return f"The {what} at {url} could not be read: the server answered HTTP {status}."
