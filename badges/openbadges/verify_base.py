"""What both of Laurel's verifiers (OB 1.x/2.0 and 3.0) share: recording checks, stopping."""

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils.translation import gettext_lazy

from .fetch import FetchedResponse
from .report import Check, VerificationReport

# A badge issued "now" by a server whose clock runs a little ahead is not from the future.
CLOCK_SKEW = timedelta(minutes=5)

Fetch = Callable[[str], FetchedResponse]

# What a check is about, as a person reads it in a message (the check's name stays English).
NOUNS = {
    "assertion": gettext_lazy("assertion"),
    "badge class": gettext_lazy("badge class"),
    "issuer": gettext_lazy("issuer"),
    "signing key": gettext_lazy("signing key"),
    "revocation list": gettext_lazy("revocation list"),
    "endorsement": gettext_lazy("endorsement"),
    "credential": gettext_lazy("credential"),
    "achievement": gettext_lazy("achievement"),
    "award": gettext_lazy("award"),
    "status list": gettext_lazy("status list"),
    "DID document": gettext_lazy("DID document"),
    "issuer's key document": gettext_lazy("issuer's key document"),
}


def noun(what: str) -> str:
    """The thing a check is about, translated, for a message ("badge class")."""
    return str(NOUNS.get(what, what))


class Stop(Exception):
    """Verification cannot go on; the failed check saying why is already in the report."""


class BaseVerifier:
    """Records checks into a report; `stop` records the check that ends verification."""

    report: VerificationReport

    def check(self, name: str, passed: bool, message: str, level: str = "error") -> bool:
        self.report.checks.append(Check(name, passed, message, level))
        return passed

    def stop(self, name: str, message: str) -> None:
        self.check(name, False, message)
        raise Stop


def as_list(value: Any) -> list:
    """A JSON-LD value that may be one item or a list, as a list (None is no item)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def is_http_url(value: Any) -> bool:
    return isinstance(value, str) and bool(re.match(r"https?://[^\s/]+", value, re.IGNORECASE))


def parse_json(text: str) -> dict | None:
    """The JSON object in text; None for anything else, however malformed."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def parse_datetime(value: Any, *, unix_times: bool = False) -> datetime | None:
    """An ISO 8601 date or date-time (UTC when no zone is given); with unix_times (Open Badges
    1.x) also a Unix time."""
    if value in (None, ""):
        return None
    if unix_times and (isinstance(value, int | float) or str(value).isdigit()):
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
