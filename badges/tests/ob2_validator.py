"""Runs the 1EdTech Open Badges 2.0 validator offline from tests, as a subprocess.

The validator (PyPI openbadges 1.1.2) lives in a venv of its own because its pins clash with
Laurel's: run `scripts/install-validator` first (CI and `make test` do). The venv is at
$LAUREL_VALIDATOR_VENV, by default var/validator-venv. `scripts/ob2_validate.py` runs inside
it, serves the OB 2.0 context from badges/openbadges/contexts/ and fetches the badge objects
over HTTP, so tests serve those from a live server on 127.0.0.1.

Tests call `require_validator()` first: it skips with the reason when the venv is missing, or
fails when LAUREL_REQUIRE_SERVICES requires it (1/true/yes/all, or a comma list naming
`validator`), so a CI run cannot silently skip the check.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "ob2_validate.py"
TIMEOUT_SECONDS = 120
# Longer inputs (a JWS or JSON with an embedded image) go through stdin, not argv, which caps
# a single argument at 128 KiB on Linux.
ARGV_LIMIT = 8000


def validator_venv() -> Path:
    return Path(os.environ.get("LAUREL_VALIDATOR_VENV") or ROOT / "var" / "validator-venv")


def validator_python() -> Path | None:
    """The validator venv's python, or None when scripts/install-validator has not run."""
    python = validator_venv() / "bin" / "python"
    return python if python.exists() else None


def tool_required(name: str) -> bool:
    """Whether LAUREL_REQUIRE_SERVICES requires the named test tool (as conftest.py's rule)."""
    value = os.environ.get("LAUREL_REQUIRE_SERVICES", "").lower().strip()
    return value in ("1", "true", "yes", "all") or name in {
        part.strip() for part in value.split(",")
    }


def require_tool(name: str, python: Path | None, reason: str) -> Path:
    """A test tool's venv python; skips the test with `reason` when it is missing (None), or
    fails when LAUREL_REQUIRE_SERVICES requires the tool `name`."""
    if python is None:
        if tool_required(name):
            pytest.fail(f"LAUREL_REQUIRE_SERVICES requires `{name}`: {reason}")
        pytest.skip(reason)
    return python


def run_tool(command: list[str], stdin: str | None, timeout: float) -> str:
    """A test tool script's stdout; its exit status must be 0."""
    completed = subprocess.run(
        command, input=stdin, capture_output=True, text=True, timeout=timeout, check=False
    )
    if completed.returncode != 0:
        raise AssertionError(
            f"{Path(command[1]).name} exited with {completed.returncode}:\n"
            f"{completed.stderr[-4000:]}"
        )
    return completed.stdout


def require_validator() -> Path:
    """The validator's python; skips the test (or fails, when required) if it is missing."""
    return require_tool(
        "validator",
        validator_python(),
        f"the 1EdTech OB 2.0 validator is not installed at {validator_venv()}: "
        "run scripts/install-validator",
    )


def validate_result(badge_input: str | Path, recipient_email: str | None = None) -> dict:
    """The validator's whole result: `report`, `graph` and `input`."""
    command = [str(require_validator()), str(SCRIPT)]
    if recipient_email:
        command += ["--recipient-email", recipient_email]
    text = str(badge_input)
    stdin = None
    if not isinstance(badge_input, Path) and len(text) > ARGV_LIMIT:
        text, stdin = "-", text
    return json.loads(run_tool([*command, text], stdin, TIMEOUT_SECONDS))


def validate_many(cases: list[tuple[str | Path, str | None]]) -> list[dict]:
    """The validator's reports for many (badge input, recipient email) pairs, in one process."""
    batch = [{"input": str(badge_input), "recipient_email": email} for badge_input, email in cases]
    stdout = run_tool(
        [str(require_validator()), str(SCRIPT), "--batch"],
        json.dumps(batch),
        TIMEOUT_SECONDS + 10 * len(cases),
    )
    return [result["report"] for result in json.loads(stdout)]


def validate(badge_input: str | Path, recipient_email: str | None = None) -> dict:
    """The validator's report: `valid`, `errorCount`, `warningCount`, `messages`.

    badge_input is a URL, a JSON or JWS string, or a Path to a baked PNG or SVG. The recipient
    is checked only when recipient_email is given.
    """
    return validate_result(badge_input, recipient_email)["report"]


def errors(report: dict) -> list[str]:
    """The report's error messages as `name: result` lines, for assertion messages."""
    return [
        f"{message.get('name')}: {message.get('result')}"
        for message in report["messages"]
        if message.get("messageLevel") == "ERROR"
    ]
