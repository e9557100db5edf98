"""The ecosystem test corpus (1EdTech's and the DCC's OB 3.0 test credentials): loading it, serving
the documents its URLs name from a local server, and reading Laurel's verdict from a report.

Other tests (the independent cross-check among them) import `fixtures`, `expected`,
`hosted_fetch`, `verify_fixture` and `verdict` from here.

The documents are served as `fixtures/ecosystem/hosted.json` maps them: each URL a fixture
names (a did:web document, an issuer's key document, a status or revocation list) is served
from the file the mapping gives. The `fetch` handed to Laurel's verifier sends every URL to a
local `static_server` instead of its host, then fetches it with Laurel's real `safe_get`;
a URL the mapping does not serve gets a 404 from that server, so nothing leaves the machine.
"""

import csv
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from django.test import override_settings

from badges.openbadges.fetch import FetchedResponse, safe_get
from badges.openbadges.report import VerificationReport
from badges.openbadges.verify import verify_badge
from badges.openbadges.verify_base import Fetch
from badges.tests.static_server import running_static_server

CORPUS = Path(__file__).parent / "fixtures" / "ecosystem"
VERDICTS_FILE = CORPUS / "verdicts.tsv"
HOSTED_FILE = CORPUS / "hosted.json"
VERDICTS = ("valid", "invalid", "expired", "revoked", "not-yet-valid")
# The date the corpus is judged on, so that its expiry dates (2030, 2056, 9999) and the
# not-yet-valid ones (2099, 3000) give the same verdicts whenever the tests run.
NOW = datetime(2026, 12, 1, tzinfo=UTC)
# What is served under the corpus but is not a credential to judge: the documents others fetch.
NOT_CREDENTIALS = ("LICENSE", "SOURCES.md", "README.md")
SERVED_ONLY = ("dcc/dids/", "dcc/statusLists/", "hosted/", "1edtech/bit-string-list/testlist")


@dataclass(frozen=True)
class Expected:
    """One line of verdicts.tsv: the verdict a fixture must get and the reason it must give."""

    fixture: str  # path under fixtures/ecosystem/
    verdict: str
    reason: str  # a fragment of Laurel's reason ("proof:" names a check), or "" for valid
    laurel_lacks: str  # why Laurel cannot judge it yet (an xfail), or ""
    note: str


def fixtures() -> list[str]:
    """Every credential in the corpus (JSON, JWT, baked PNG or SVG), as a path under CORPUS."""
    found = []
    for path in sorted(CORPUS.rglob("*")):
        name = path.relative_to(CORPUS).as_posix()
        if (
            path.is_file()
            and path.name not in NOT_CREDENTIALS
            and not name.startswith(SERVED_ONLY)
            and "/" in name
        ):
            found.append(name)
    return found


def expected() -> dict[str, Expected]:
    """verdicts.tsv as fixture -> Expected (lines starting with # are comments)."""
    with VERDICTS_FILE.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    rows = csv.reader(lines, delimiter="\t")
    header = next(rows)
    assert header == ["fixture", "verdict", "reason", "laurel_lacks", "note"], header
    table = {}
    for row in rows:
        entry = Expected(*(cell.strip() for cell in row + [""] * (5 - len(row))))
        assert entry.verdict in VERDICTS, entry
        table[entry.fixture] = entry
    return table


def hosted_documents() -> dict[str, Path]:
    """hosted.json's served URLs -> the file served for each."""
    mapping = json.loads(HOSTED_FILE.read_text(encoding="utf-8"))
    return {url: CORPUS / entry["file"] for url, entry in mapping["served"].items()}


def _local_path(url: str) -> str:
    return "/" + quote(url.split("#")[0], safe="")


@contextmanager
def hosted_fetch() -> Iterator[Fetch]:
    """A fetch for Laurel's verifier that answers the corpus's URLs from a local server."""
    with running_static_server() as server:
        for url, path in hosted_documents().items():
            server.add(_local_path(url), "application/json", path.read_bytes())

        def fetch(url: str, **options) -> FetchedResponse:
            return safe_get(server.url(_local_path(url)), **options)

        with override_settings(LAUREL_FETCH_ALLOWED_HOSTS=[server.host_port]):
            yield fetch


def verify_fixture(fixture: str, fetch: Fetch, now: datetime = NOW) -> VerificationReport:
    """Laurel's report on one corpus file, given as a user would: baked image, JSON or JWT."""
    path = CORPUS / fixture
    if path.suffix in (".png", ".svg"):
        return verify_badge(image=path.read_bytes(), fetch=fetch, now=now)
    return verify_badge(text=path.read_text(encoding="utf-8"), fetch=fetch, now=now)


def verdict(report: VerificationReport) -> tuple[str, str]:
    """Laurel's verdict on a credential (report.status, one of VERDICTS) and the reason behind
    it: the deciding checks as "name: message", joined by "; "."""
    reason = "; ".join(f"{check.name}: {check.message}" for check in report.deciding_checks)
    return report.status, reason
