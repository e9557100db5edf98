"""Runs the 1EdTech OB 2.0 validator (its own venv, from scripts/install-validator) offline."""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(os.environ.get("LAUREL_VALIDATOR_VENV", ROOT / "var" / "validator-venv"))


def require_validator() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        reason = f"the OB 2.0 validator is not installed at {VENV}: run scripts/install-validator"
        if os.environ.get("LAUREL_REQUIRE_SERVICES"):
            pytest.fail(reason)
        pytest.skip(reason)
    return python


def validate(badge_input: str | Path, recipient_email: str | None = None) -> dict:
    """The validator's report: valid, errorCount, warningCount, messages."""
    command = [str(require_validator()), str(ROOT / "scripts" / "ob2_validate.py")]
    if recipient_email:
        command += ["--recipient-email", recipient_email]
    result = subprocess.run(
        [*command, str(badge_input)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)["report"]


def errors(report: dict) -> list[str]:
    return [
        f"{m.get('name')}: {m.get('result')}"
        for m in report["messages"]
        if m.get("messageLevel") == "ERROR"
    ]
