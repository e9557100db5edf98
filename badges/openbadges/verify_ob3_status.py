"""Checking an Open Badges 3.0 credential's status: a Bitstring Status List or Status List 2021
entry, or the 1EdTech Revocation List.

`Ob3Status` is a part of verify_ob3's verifier. A status list must be a credential of the same
issuer, with a valid proof, within its own validity dates, for the purpose (revocation or
suspension) of the entry. A 1EdTech Revocation List is a plain JSON document listing the
revoked credentials' ids (`revokedCredential[]`); it carries no proof.
"""

from datetime import datetime

from django.utils.translation import gettext as _

from . import dataintegrity, statuslist
from .verify_base import CLOCK_SKEW, as_list, parse_datetime
from .verify_ob3_proofs import Ob3Proofs

STATUS_ENTRY_TYPES = ("BitstringStatusListEntry", "StatusList2021Entry")
STATUS_LIST_TYPES = ("BitstringStatusListCredential", "StatusList2021Credential")
REVOCATION_LIST_TYPE = "1EdTechRevocationList"


class Ob3Status(Ob3Proofs):
    """Whether the issuer has revoked or suspended the credential."""

    def check_status(self, credential: dict, issuer_id: str) -> None:
        entries = as_list(credential.get("credentialStatus"))
        if not entries:
            self.check("revocation", True, _("The credential has no status list, so none applies."))
            return
        for entry in entries:
            if isinstance(entry, dict) and entry.get("type") == REVOCATION_LIST_TYPE:
                self.revocation_list(entry, credential.get("id"))
                continue
            if not isinstance(entry, dict) or entry.get("type") not in STATUS_ENTRY_TYPES:
                kind = entry.get("type") if isinstance(entry, dict) else entry
                self.check(
                    "revocation",
                    False,
                    _(
                        "The credential's status of type %(type)s is not one Laurel can check; "
                        "whether it was revoked is unknown."
                    )
                    % {"type": repr(kind)},
                    "warning",
                )
                continue
            self.status_entry(entry, issuer_id)

    def status_entry(self, entry: dict, issuer_id: str) -> None:
        url, purpose = entry.get("statusListCredential"), entry.get("statusPurpose")
        try:
            index = int(entry.get("statusListIndex"))
        except (TypeError, ValueError):
            self.check("revocation", False, _("The credential's statusListIndex is not a number."))
            return
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            self.check(
                "revocation", False, _("The credential's statusListCredential is not a URL.")
            )
            return
        status_list = self.fetch_json(url, "status list", "revocation")
        if status_list is None:
            self.check(
                "revocation",
                False,
                _(
                    "Whether the credential was revoked cannot be told: its "
                    "status list is unavailable. Try again later."
                ),
            )
            return
        types = as_list(status_list.get("type"))
        if "VerifiableCredential" not in types or not set(types) & set(STATUS_LIST_TYPES):
            self.check(
                "revocation",
                False,
                _(
                    "The status list at %(url)s is not a status list credential (a "
                    "VerifiableCredential and BitstringStatusListCredential)."
                )
                % {"url": url},
            )
            return
        stale = _outside_dates(status_list, self.now)
        if stale:
            self.check(
                "revocation",
                False,
                _("Whether the credential was revoked cannot be told: its status list %(why)s.")
                % {"why": stale},
            )
            return
        list_issuer = status_list.get("issuer")
        list_issuer = list_issuer.get("id") if isinstance(list_issuer, dict) else list_issuer
        if not isinstance(list_issuer, str) or not list_issuer:
            self.check("revocation", False, _("The status list names no issuer."))
            return
        if list_issuer != issuer_id:
            # The credential's issuer named this list inside what it signed, so the list speaks
            # for it; the list's own proof must still be its issuer's (the Bitstring Status
            # List spec leaves who publishes the list to the issuer, and the DCC's wallet and
            # verifier share one list among issuers).
            self.check(
                "status list",
                True,
                _(
                    "The status list is published by %(issuer)s, which the credential's "
                    "issuer names for its status."
                )
                % {"issuer": list_issuer},
            )
        proofs = dataintegrity.proofs(status_list)
        if not proofs or not any(
            self.data_integrity(status_list, proof, list_issuer, "status list") for proof in proofs
        ):
            if not proofs:
                self.check("revocation", False, _("The status list is not signed."))
            return
        subject = status_list.get("credentialSubject")
        subject = subject if isinstance(subject, dict) else {}
        if subject.get("statusPurpose", purpose) != purpose:
            self.check(
                "revocation",
                False,
                _("The status list is for %(list)s, but the credential's entry is for %(entry)s.")
                % {"list": repr(subject.get("statusPurpose")), "entry": repr(purpose)},
            )
            return
        try:
            flagged = statuslist.is_set(subject.get("encodedList"), index)
        except statuslist.StatusListError as exc:
            self.check("revocation", False, str(exc))
            return
        if flagged and purpose == "suspension":
            self.check("revocation", False, _("The issuer has suspended this credential."))
        elif flagged:
            self.report.revoked = True
            self.check("revocation", False, _("The issuer has revoked this credential."))
        elif purpose == "suspension":
            self.check("revocation", True, _("The credential is not suspended."))
        else:
            self.check("revocation", True, _("The credential is not revoked."))

    def revocation_list(self, entry: dict, credential_id: object) -> None:
        """1EdTech's Revocation List Status Method: revoked when the list at the entry's id
        names the credential (with `revoked` true or left out)."""
        url = entry.get("id")
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            self.check("revocation", False, _("The credential's revocation list id is not a URL."))
            return
        # The method's verification steps make an unreachable list a warning, not an error.
        document = self.fetch_json(url, "revocation list", "revocation", "warning")
        if document is None:
            self.check(
                "revocation",
                False,
                _(
                    "Whether the credential was revoked cannot be told: its revocation list is "
                    "unavailable. Try again later."
                ),
                "warning",
            )
            return
        for item in as_list(document.get("revokedCredential")):
            if (
                isinstance(item, dict)
                and item.get("id") == credential_id
                and item.get("revoked", True) is not False
            ):
                self.report.revoked = True
                reason = item.get("revocationReason")
                if isinstance(reason, str):
                    self.report.revocation_reason = reason[:500]
                self.check("revocation", False, _("The issuer has revoked this credential."))
                return
        self.check("revocation", True, _("The credential is not on its issuer's revocation list."))


def _outside_dates(credential: dict, now: datetime) -> str:
    """Why a status list credential cannot be used now ("has expired", "is not valid yet"),
    or "" when it can; VC 2.0 and VC 1.1 date names alike."""
    start = parse_datetime(credential.get("validFrom") or credential.get("issuanceDate"))
    end = parse_datetime(credential.get("validUntil") or credential.get("expirationDate"))
    if end is not None and end <= now:
        return _("expired on %(date)s") % {"date": f"{end:%Y-%m-%d}"}
    if start is not None and start > now + CLOCK_SKEW:
        return _("is valid only from %(date)s") % {"date": f"{start:%Y-%m-%d}"}

    return ""
