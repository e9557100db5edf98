"""The report Laurel's verifier gives for any badge (Open Badges 1.0 to 3.0): readable checks."""

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

RECIPIENT_UNCHECKED = gettext_lazy("The recipient was not checked (no identity to check it with).")


@dataclass
class Check:
    """One line of the report: what was checked, whether it passed, and what a person can do."""

    name: str
    passed: bool
    message: str
    level: str = "error"  # "error" or "warning"


@dataclass
class VerificationReport:
    valid: bool = False
    spec_version: str = ""  # "1.0", "1.1", "2.0" or "3.0"
    # "hosted" or "signed" (1.x, 2.0); "data-integrity" or "vc-jwt" (3.0)
    verification_type: str = ""
    assertion: dict = field(default_factory=dict)  # as published, original key names
    badge_class: dict = field(default_factory=dict)
    issuer: dict = field(default_factory=dict)
    assertion_id: str = ""
    source_url: str | None = None
    original: str = ""  # the raw badge imported: the URL, the JSON or the JWS
    recipient_matched: str | None = None
    revoked: bool = False
    revocation_reason: str = ""
    expired: bool = False
    not_yet_valid: bool = False
    issued_on: datetime | None = None
    expires: datetime | None = None
    checks: list[Check] = field(default_factory=list)

    @property
    def status(self) -> str:
        """The verdict a person reads first: valid, revoked, expired, not-yet-valid or invalid.
        Any error besides the revocation and the dates makes it invalid (a revoked badge
        with a broken signature is not the issuer's word); else revoked wins over expired,
        and expired over not yet valid."""
        if self.valid:
            return "valid"
        if any(not self._timely(check) for check in self.errors):
            return "invalid"
        if self.revoked:
            return "revoked"
        if self.expired:
            return "expired"
        return "not-yet-valid" if self.not_yet_valid else "invalid"

    @property
    def reason(self) -> str:
        """Why the badge does not verify: the deciding check's message ("" when valid)."""
        deciding = self.deciding_checks
        return deciding[0].message if deciding else ""

    @property
    def deciding_checks(self) -> list[Check]:
        """The failed checks behind the status, the first one deciding: every error, the
        unsound ones first, for an invalid badge; else those of the revocation, the expiry
        or the start date, as the status says."""
        if self.valid:
            return []
        unsound = [check for check in self.errors if not self._timely(check)]
        timely = [check for check in self.errors if self._timely(check)]
        if unsound or not timely:
            return unsound + timely
        names = {
            "revoked": ("revocation",),
            "expired": ("valid until", "expiry"),
            "not-yet-valid": ("valid from",),
        }[self.status]
        return [check for check in timely if check.name in names]

    def _timely(self, check: Check) -> bool:
        """Whether a failed check says only that the badge was revoked, expired or is not
        valid yet (not that it is unsound)."""
        return (
            (check.name == "revocation" and self.revoked)
            or (check.name in ("valid until", "expiry") and self.expired)
            or (check.name == "valid from" and self.not_yet_valid)
        )

    @property
    def image(self) -> str:
        """The badge's image as the credential gives it (an https or data: URL), or ""."""
        for holder in (self.badge_class, self.assertion):
            image = holder.get("image") if isinstance(holder, dict) else None
            image = image.get("id") if isinstance(image, dict) else image
            if isinstance(image, str) and image.startswith(("https://", "http://", "data:image/")):
                return image
        return ""

    @property
    def errors(self) -> list[Check]:
        return [check for check in self.checks if not check.passed and check.level == "error"]

    @property
    def warnings(self) -> list[Check]:
        return [check for check in self.checks if not check.passed and check.level == "warning"]

    def record_recipient(
        self, recipients: Sequence[tuple[str, str]], matched: str | None, what: str
    ) -> None:
        """The recipient check of either verifier: unchecked without identities to check it
        with, else the identity that matched, or which of the person's did not."""
        if not recipients:
            self.checks.append(Check("recipient", True, str(RECIPIENT_UNCHECKED)))
        elif matched is not None:
            self.recipient_matched = matched
            self.checks.append(
                Check(
                    "recipient",
                    True,
                    _("The badge was awarded to %(recipient)s.") % {"recipient": matched},
                )
            )
        else:
            yours = ", ".join(identity for _type, identity in recipients)
            self.checks.append(
                Check(
                    "recipient",
                    False,
                    _(
                        "The badge was awarded to someone else: %(what)s is none of yours "
                        "(%(yours)s). Add and verify the address it was sent to, then try again."
                    )
                    % {"what": what, "yours": yours},
                )
            )

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-able data (dates as ISO 8601 strings), for the API."""
        data = asdict(self)
        for name in ("issued_on", "expires"):
            data[name] = data[name].isoformat() if data[name] else None
        data["status"] = self.status
        data["reason"] = self.reason
        data["errors"] = [check.message for check in self.errors]
        data["warnings"] = [check.message for check in self.warnings]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "VerificationReport":
        """A report kept as JSON (by as_dict) as a report again, reports of older versions too."""
        known = {f.name for f in fields(cls)}
        report = cls(**{name: value for name, value in data.items() if name in known})
        report.checks = [
            Check(**check) if isinstance(check, dict) else check for check in report.checks
        ]
        for name in ("issued_on", "expires"):
            value = data.get(name)
            setattr(report, name, datetime.fromisoformat(value) if value else None)
        return report
