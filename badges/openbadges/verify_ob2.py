"""Reading an Open Badges 1.x / 2.0 badge: its assertion, linked documents, structure and dates.

`Ob2Reading` is a part of verify.py's verifier; documents are read by their Open Badges term
names, and 1.x documents with their older names (`verify`, `hosted`, Unix times).
"""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from .fetch import FetchedResponse, FetchError
from .hashing import identity_matches
from .verify_base import (
    CLOCK_SKEW,
    BaseVerifier,
    Stop,
    as_list,
    is_http_url,
    noun,
    parse_datetime,
    parse_json,
)

CONTEXTS_V2 = ("https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json")
CONTEXTS_V1 = ("https://w3id.org/openbadges/v1",)
OB_TERMS = "https://w3id.org/openbadges#"
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


@dataclass
class Badge:
    """The assertion read in 2.0 terms, whatever version it was published in."""

    doc: dict
    version: str
    id: str
    declared: str  # "hosted" or "signed": the verification type the assertion states
    key_url: str = ""  # verification.creator (2.0) or verify.url (1.x signed)


class Ob2Reading(BaseVerifier):
    """Fetching and reading the assertion and what it links to, and checking what they say."""

    fetch: Any
    recipients: Any
    now: datetime
    fetched: dict[str, dict | None]

    def fetch_json(self, url: str, what: str) -> tuple[FetchedResponse | None, dict | None]:
        """The response and its JSON object; a failed check (and None) when unusable."""
        try:
            response = self.fetch(url)
        except FetchError as exc:
            self.check(
                what,
                False,
                _("The %(what)s could not be fetched: %(error)s")
                % {"what": noun(what), "error": exc},
            )
            return None, None
        doc = parse_json(response.body.decode("utf-8", "replace"))
        if response.status == 410 or not 200 <= response.status < 300:
            return response, doc
        if doc is None:
            kind = response.content_type or _("an unknown type")
            self.check(
                what,
                False,
                _("The %(what)s at %(url)s is not JSON (it was sent as %(type)s).")
                % {"what": noun(what), "url": url, "type": kind},
            )
            return response, None
        if not JSON_TYPES.match(response.content_type):
            self.check(
                what,
                False,
                _(
                    "The %(what)s at %(url)s was sent as %(type)s rather than "
                    "application/ld+json; it was read as JSON anyway."
                )
                % {
                    "what": noun(what),
                    "url": url,
                    "type": response.content_type or _("an unknown type"),
                },
                "warning",
            )
        return response, doc

    def fetch_assertion(self, url: str) -> dict:
        response, doc = self.fetch_json(url, "assertion")
        if response is None or (doc is None and response.status in range(200, 300)):
            raise Stop
        if response.status == 410:
            reason = str((doc or {}).get("revocationReason") or "")
            self.revoke(
                reason,
                _("The issuer has revoked this badge (its URL answers 410 Gone): %(reason)s.")
                % {"reason": reason}
                if reason
                else _("The issuer has revoked this badge (its URL answers 410 Gone)."),
            )
        if not 200 <= response.status < 300:
            self.stop("assertion", status_message("assertion", url, response.status))
        return doc

    def revoke(self, reason: str, message: str) -> None:
        self.report.revoked = True
        self.report.revocation_reason = reason
        self.stop("revocation", message)

    def read_assertion(self, doc: dict, *, revoked_possible: bool = True) -> Badge:
        """The assertion's version and verification, after checking its structure."""
        self.report.assertion = doc
        version = read_version(doc)
        if version is None:
            self.stop(
                "assertion",
                _(
                    "This JSON is not an Open Badges assertion (no Open Badges @context, and not "
                    "the Open Badges 1.0 shape with recipient, badge and verify)."
                ),
            )
        self.report.spec_version = version
        if revoked_possible and doc.get("revoked") is True:
            reason = str(doc.get("revocationReason") or "")
            self.revoke(reason, revoked_message(reason))
        verification = verification_of(doc)
        if version == "1.0":
            # 1.0 has no id; a hosted badge's verify.url is its URL, a signed one has a uid.
            doc = {**doc, "id": doc.get("id") or hosted_url(verification) or doc.get("uid")}
        badge_id = doc.get("id") if isinstance(doc.get("id"), str) else ""
        self.report.assertion_id = badge_id
        self.check_structure(doc, "assertion", version)
        declared = declared_type(verification)
        if declared is None:
            self.stop(
                "verification type",
                _(
                    "The assertion does not say how to verify it (verification.type must be "
                    "HostedBadge or SignedBadge)."
                ),
            )
        key_url = ""
        if declared == "signed" and isinstance(verification, dict):
            key_url = verification.get("creator" if version == "2.0" else "url") or ""
        return Badge(doc, version, badge_id, declared, key_url if isinstance(key_url, str) else "")

    def linked(self, value: Any, what: str) -> dict:
        """A linked object: fetched when it is a URL, as given when embedded; stops if missing."""
        if isinstance(value, dict):
            doc = value
        elif isinstance(value, str) and is_http_url(value):
            doc = self.fetch_linked(value, what)
        else:
            self.stop(
                what,
                _("The %(what)s is missing or is not a URL the verifier can fetch.")
                % {"what": noun(what)},
            )
        if doc is None:
            raise Stop
        setattr(self.report, "badge_class" if what == "badge class" else "issuer", doc)
        return doc

    def fetch_linked(self, url: str, what: str) -> dict | None:
        if url not in self.fetched:
            response, doc = self.fetch_json(url, what)
            if response is not None and not 200 <= response.status < 300:
                self.check(what, False, status_message(what, url, response.status))
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
                _(
                    "The %(what)s lacks required properties: %(missing)s; the issuer must "
                    "publish them."
                )
                % {"what": noun(what), "missing": ", ".join(missing)},
            )
        else:
            self.check(
                what,
                True,
                _("The %(what)s has every required property.") % {"what": noun(what)},
            )
        if version == "2.0" and doc.get("type"):
            types = [
                t.removeprefix(OB_TERMS) for t in as_list(doc.get("type")) if isinstance(t, str)
            ]
            if not set(types) & set(EXPECTED_TYPES[what]):
                self.check(
                    what,
                    False,
                    _("The %(what)s's type is %(type)s, not %(expected)s.")
                    % {
                        "what": noun(what),
                        "type": repr(doc.get("type")),
                        "expected": " or ".join(EXPECTED_TYPES[what]),
                    },
                )
        if what == "issuer" and not doc.get("email"):
            self.check(
                "issuer",
                False,
                _(
                    "The issuer gives no contact email (optional in Open Badges 2.0, "
                    "but recommended)."
                ),
                "warning",
            )

    def check_origin(self, badge: Badge, issuer: dict, issuer_id: str) -> None:
        """A hosted badge must be published where its issuer's policy allows (its own origin)."""
        if badge.version == "1.0":
            # 1.0 issuers have no id; their `url` (then called origin) is what the rule used.
            issuer_id = issuer.get("url") or issuer.get("origin") or issuer_id
        policy = issuer.get("verification") if isinstance(issuer.get("verification"), dict) else {}
        starts_with = [s for s in as_list(policy.get("startsWith")) if isinstance(s, str)]
        if starts_with and not any(badge.id.startswith(prefix) for prefix in starts_with):
            self.check(
                "hosted origin",
                False,
                _(
                    "The assertion %(id)s does not start with any URL its issuer's verification "
                    "policy allows (%(allowed)s); it may not be the issuer's."
                )
                % {"id": badge.id, "allowed": ", ".join(starts_with)},
            )
            return
        allowed = [o for o in as_list(policy.get("allowedOrigins")) if isinstance(o, str)]
        allowed = allowed or ([authority(issuer_id)] if is_http_url(issuer_id) else [])
        if not allowed:
            self.check(
                "hosted origin",
                False,
                _("The issuer has no web address to check the assertion's origin against."),
                "warning",
            )
        elif authority(badge.id) in allowed:
            self.check("hosted origin", True, _("The assertion is hosted on its issuer's origin."))
        else:
            self.check(
                "hosted origin",
                False,
                _(
                    "The assertion is hosted on %(host)s, but its issuer is on %(allowed)s; "
                    "a hosted badge must be published by its issuer."
                )
                % {"host": authority(badge.id), "allowed": ", ".join(allowed)},
            )

    def check_recipient(self, recipient: Any, version: str) -> None:
        if not isinstance(recipient, dict) or not isinstance(recipient.get("identity"), str):
            self.check("recipient", False, _("The assertion's recipient identity is missing."))
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
        self.report.record_recipient(
            self.recipients,
            matched,
            _("its recipient (%(type)s)") % {"type": recipient_type},
        )

    def check_dates(self, doc: dict, version: str) -> None:
        issued_on = version_datetime(doc.get("issuedOn"), version)
        expires = version_datetime(doc.get("expires"), version)
        self.report.issued_on, self.report.expires = issued_on, expires
        if doc.get("issuedOn") is not None and issued_on is None:
            self.check(
                "issued on",
                False,
                _("issuedOn %(value)s is not a date.") % {"value": repr(doc.get("issuedOn"))},
            )
        elif issued_on is not None and issued_on > self.now + CLOCK_SKEW:
            self.check(
                "issued on",
                False,
                _(
                    "The badge says it is issued on %(date)s UTC, which is in the future; "
                    "the issuer's data is wrong."
                )
                % {"date": f"{issued_on:%Y-%m-%d %H:%M}"},
            )
        elif issued_on is not None:
            self.check(
                "issued on", True, _("Issued on %(date)s.") % {"date": f"{issued_on:%Y-%m-%d}"}
            )
        if doc.get("expires") in (None, ""):
            return
        if expires is None:
            self.check(
                "expiry",
                False,
                _("expires %(value)s is not a date.") % {"value": repr(doc.get("expires"))},
            )
        elif issued_on is not None and expires < issued_on:
            self.check("expiry", False, _("The badge expires before it was issued."))
        elif expires <= self.now:
            self.report.expired = True
            self.check(
                "expiry",
                False,
                _("The badge expired on %(date)s.") % {"date": f"{expires:%Y-%m-%d}"},
            )
        else:
            self.check(
                "expiry",
                True,
                _("The badge is valid until %(date)s.") % {"date": f"{expires:%Y-%m-%d}"},
            )


# Helpers ----------------------------------------------------------------------------------


def read_version(doc: dict) -> str | None:
    contexts = [c for c in as_list(doc.get("@context")) if isinstance(c, str)]
    if any(c.rstrip("/") in CONTEXTS_V2 for c in contexts):
        return "2.0"
    if any(c.rstrip("/") in CONTEXTS_V1 for c in contexts):
        return "1.1"
    if "@context" not in doc and isinstance(doc.get("recipient"), dict) and "verify" in doc:
        return "1.0"
    return None


def declared_type(verification: Any) -> str | None:
    if not isinstance(verification, dict):
        return None
    kinds = {str(t).removeprefix(OB_TERMS).lower() for t in as_list(verification.get("type"))}
    if kinds & {"hostedbadge", "hosted"}:
        return "hosted"
    if kinds & {"signedbadge", "signed"}:
        return "signed"
    return None


def verification_of(doc: dict) -> Any:
    return doc.get("verification") if read_version(doc) == "2.0" else doc.get("verify")


def hosted_id_of(doc: dict) -> str | None:
    """Where a hosted assertion says it lives: its id, or a 1.x verify.url."""
    value = doc.get("id") or hosted_url(verification_of(doc))
    return value if isinstance(value, str) else None


def hosted_url(verification: Any) -> str | None:
    if declared_type(verification) == "hosted":
        url = verification.get("url")
        return url if isinstance(url, str) else None
    return None


def version_datetime(value: Any, version: str) -> datetime | None:
    """A date as the badge's version writes it: 1.x may also give a Unix time."""
    return parse_datetime(value, unix_times=version != "2.0")


def authority(url: str) -> str:
    """The host (and port) of a URL, without user info, as origins are compared."""
    parts = urlsplit(url)
    return parts.netloc.rpartition("@")[2].lower()


def revoked_message(reason: str) -> str:
    """That the issuer revoked the badge, with its reason when it gave one."""
    if reason:
        return _("The issuer has revoked this badge: %(reason)s.") % {"reason": reason}
    return _("The issuer has revoked this badge.")


def status_message(what: str, url: str, status: int) -> str:
    if status == 404:
        return _("The %(what)s at %(url)s does not exist (HTTP 404 Not Found).") % {
            "what": noun(what),
            "url": url,
        }
    return _("The %(what)s at %(url)s could not be read: the server answered HTTP %(status)s.") % {
        "what": noun(what),
        "url": url,
        "status": status,
    }
