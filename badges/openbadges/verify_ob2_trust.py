"""Whom an Open Badges 2.0 badge can be trusted from: endorsements, signatures, revocation lists.

`Ob2Trust` is a part of verify.py's verifier. A 2.0 Endorsement's URL is verified as a hosted
object of its own (same report). The endorsements a badge's assertion, badge class and issuer
list are each fetched and checked; a broken or withdrawn one is a warning, not a failure of the
badge.
"""

from typing import Any

from django.utils.translation import gettext as _

from .fetch import FetchError
from .signing import SigningError, verify_jws
from .verify_base import CLOCK_SKEW, Stop, as_list, is_http_url, noun, parse_datetime, parse_json
from .verify_ob2 import Badge, Ob2Reading, authority, revoked_message, status_message


class Ob2Trust(Ob2Reading):
    """The checks of who stands behind the badge, over the documents Ob2Reading reads."""

    token: str  # the JWS of a signed badge

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
            self.check(
                "endorsement",
                True,
                _("The endorsement of %(claim)s is hosted by its issuer.") % {"claim": claim},
            )
        self.check_dates(doc or {}, "2.0")
        raise Stop

    def check_endorsement(self, listed: Any, what: str, endorsed_id: Any) -> None:
        url = listed.get("id") if isinstance(listed, dict) else listed
        if not is_http_url(url):
            self.check(
                "endorsement",
                False,
                _("An endorsement of the %(what)s has no URL, so it cannot be checked.")
                % {"what": noun(what)},
                "warning",
            )
            return
        doc, problems = self.read_endorsement(url, endorsed_id)
        if problems:
            self.check("endorsement", False, " ".join(problems), "warning")
            return
        endorser = self.fetched.get(_endorser_id(doc)) or {}
        name = endorser.get("name") or _endorser_id(doc)
        self.check(
            "endorsement",
            True,
            _("The %(what)s is endorsed by %(name)s; %(url)s is current.")
            % {"what": noun(what), "name": name, "url": url},
        )

    def read_endorsement(self, url: str, endorsed_id: Any = None) -> tuple[dict | None, list]:
        """The Endorsement at url and what is wrong with it (nothing when it verifies). Read
        without recording checks, so the caller decides whether a problem is an error."""
        try:
            response = self.fetch(url)
        except FetchError as exc:
            return None, [
                _("The endorsement %(url)s could not be fetched: %(error)s")
                % {"url": url, "error": exc}
            ]
        doc = parse_json(response.body.decode("utf-8", "replace"))
        if response.status == 410:
            reason = str((doc or {}).get("revocationReason") or "")
            if reason:
                message = _("The endorsement %(url)s was withdrawn (410 Gone): %(reason)s.") % {
                    "url": url,
                    "reason": reason,
                }
            else:
                message = _("The endorsement %(url)s was withdrawn (410 Gone).") % {"url": url}
            return doc, [message]
        if not 200 <= response.status < 300 or doc is None:
            return None, [status_message("endorsement", url, response.status)]
        problems = []
        if "Endorsement" not in as_list(doc.get("type")):
            problems.append(_("The document at %(url)s is not an Endorsement.") % {"url": url})
        if doc.get("id") != url:
            problems.append(
                _("The endorsement at %(url)s gives another id, %(id)s.")
                % {"url": url, "id": repr(doc.get("id"))}
            )
        claim = doc.get("claim") if isinstance(doc.get("claim"), dict) else {}
        if not is_http_url(claim.get("id")):
            problems.append(
                _("The endorsement %(url)s does not say what it endorses (claim.id).")
                % {"url": url}
            )
        elif endorsed_id is not None and claim["id"] != endorsed_id:
            problems.append(
                _("The endorsement %(url)s endorses %(claim)s, not %(endorsed)s.")
                % {"url": url, "claim": claim["id"], "endorsed": endorsed_id}
            )
        issued_on = parse_datetime(doc.get("issuedOn"))
        if issued_on is None or issued_on > self.now + CLOCK_SKEW:
            problems.append(_("The endorsement %(url)s has no valid issuedOn date.") % {"url": url})
        endorser_id = _endorser_id(doc)
        if not is_http_url(endorser_id):
            problems.append(_("The endorsement %(url)s names no issuer URL.") % {"url": url})
            return doc, problems
        endorser = self.fetched.get(endorser_id)
        if endorser_id not in self.fetched:
            try:
                answer = self.fetch(endorser_id)
                endorser = parse_json(answer.body.decode("utf-8", "replace"))
                endorser = endorser if 200 <= answer.status < 300 else None
            except FetchError:
                endorser = None
            self.fetched[endorser_id] = endorser
        if not isinstance(endorser, dict) or not endorser.get("name"):
            problems.append(
                _("The endorser's profile %(id)s cannot be read.") % {"id": endorser_id}
            )
        elif authority(url) != authority(endorser_id):
            problems.append(
                _("The endorsement is hosted on %(host)s, not by its issuer at %(issuer)s.")
                % {"host": authority(url), "issuer": authority(endorser_id)}
            )
        return doc, problems

    # Signatures and revocation (signed badges) -------------------------------------------

    def check_signature(self, badge: Badge, issuer: dict, issuer_id: str) -> None:
        listed = [
            key.get("id") if isinstance(key, dict) else key
            for key in as_list(issuer.get("publicKey"))
        ]
        key_urls = [badge.key_url] if badge.key_url else [k for k in listed if isinstance(k, str)]
        if not key_urls:
            self.stop("signing key", _("The badge names no signing key, nor does its issuer."))
        for key_url in key_urls:
            public_pem = self.signing_key(key_url, badge, issuer_id, listed)
            if public_pem is None:
                continue
            try:
                verify_jws(self.token, public_pem)
            except SigningError as exc:
                self.check(
                    "signature", False, _("The signature is not valid: %(error)s") % {"error": exc}
                )
                return
            self.check(
                "signature",
                True,
                _("The signature is valid for the key %(key)s.") % {"key": key_url},
            )
            return

    def signing_key(self, key_url: str, badge: Badge, issuer_id: str, listed: list) -> str | None:
        """The key's PEM when the issuer owns it; otherwise a failed check and None."""
        if badge.version == "1.0":
            # 1.0 keys are bare PEM files; the rule is that they sit on the issuer's origin.
            try:
                response = self.fetch(key_url)
            except FetchError as exc:
                self.check(
                    "signing key",
                    False,
                    _("The signing key could not be fetched: %(error)s") % {"error": exc},
                )
                return None
            pem = response.body.decode("utf-8", "replace")
            if response.status != 200 or "PUBLIC KEY" not in pem:
                self.check(
                    "signing key", False, _("%(key)s is not a PEM public key.") % {"key": key_url}
                )
                return None
            return pem
        if not is_http_url(key_url):
            self.check(
                "signing key",
                False,
                _("The signing key %(key)s is not a URL.") % {"key": repr(key_url)},
            )
            return None
        key = self.fetch_linked(key_url, "signing key")
        if key is None:
            return None
        owner = key.get("owner")
        if owner != issuer_id:
            self.check(
                "signing key",
                False,
                _(
                    "The signing key %(key)s belongs to %(owner)s, not to the badge's issuer "
                    "%(issuer)s."
                )
                % {"key": key_url, "owner": owner or _("nobody named"), "issuer": issuer_id},
            )
            return None
        if key_url not in listed and key.get("id") not in listed:
            self.check(
                "signing key",
                False,
                _("The issuer does not list the key %(key)s among its public keys.")
                % {"key": key_url},
            )
            return None
        pem = key.get("publicKeyPem")
        if not isinstance(pem, str) or not pem.strip():
            self.check(
                "signing key",
                False,
                _("The signing key %(key)s holds no public key.") % {"key": key_url},
            )
            return None
        self.check(
            "signing key", True, _("The signing key is listed by the issuer and owned by it.")
        )
        return pem

    def check_revocation_list(self, badge: Badge, issuer: dict) -> None:
        list_url = issuer.get("revocationList")
        if not list_url:
            self.check(
                "revocation", True, _("The issuer publishes no revocation list, so none applies.")
            )
            return
        if not isinstance(list_url, str) or not is_http_url(list_url):
            self.check("revocation", False, _("The issuer's revocation list is not a URL."))
            return
        revocations = self.fetch_linked(list_url, "revocation list")
        if revocations is None:
            self.check(
                "revocation",
                False,
                _(
                    "Whether the badge was revoked cannot be told: its issuer's revocation list "
                    "is unavailable. Try again later."
                ),
            )
            return
        if badge.version == "1.0" and "revokedAssertions" not in revocations:
            # A 1.0 list is one object mapping each revoked badge's uid to the reason.
            entries = [{"id": uid, "revocationReason": why} for uid, why in revocations.items()]
        else:
            entries = as_list(revocations.get("revokedAssertions"))
        ids = {badge.id, badge.doc.get("uid")} - {None, ""}
        for entry in entries:
            entry_id = (entry.get("id") or entry.get("uid")) if isinstance(entry, dict) else entry
            if entry_id in ids:
                reason = entry.get("revocationReason", "") if isinstance(entry, dict) else ""
                self.revoke(str(reason or ""), revoked_message(str(reason or "")))
        self.check("revocation", True, _("The badge is not on its issuer's revocation list."))


def _endorser_id(doc: dict) -> Any:
    issuer = doc.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer
