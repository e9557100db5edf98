"""Settings come from the environment; every variable is documented; production refuses to guess."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_variables() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "portal" / "settings").glob("*.py"):
        names |= set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", path.read_text()))
    return names


def test_every_environment_variable_is_in_the_readme_settings_table():
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", readme, flags=re.MULTILINE))
    read = settings_variables()
    assert {
        "DATABASE_URL",
        "REDIS_URL",
        "ELASTICSEARCH_URL",
        "SECRET_KEY",
        "LAUREL_BASE_URL",
    } <= read
    assert read - documented == set(), "document these in README.md's settings table"


def run_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DJANGO_SETTINGS_MODULE")
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings("portal.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_starts_with_a_secret_key_and_debug_off():
    result = run_settings("portal.settings.production", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_database_url_chooses_the_database(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection; "
        "print(connection.vendor, connection.settings_dict['NAME'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["sqlite", f"{tmp_path}/x.db"], result.stderr


def test_check_deploy_on_production_warns_only_of_what_the_readme_names_with_its_reason():
    clean = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": "a-real-looking-secret-" + "k9Xq2" * 10,
            "ALLOWED_HOSTS": "badges.example.org",
            "LAUREL_BASE_URL": "https://badges.example.org",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    warned = set(re.findall(r"\(([a-z0-9_]+\.[WE]\d+)\)", result.stdout + result.stderr))
    section = (ROOT / "README.md").read_text().split("### `check --deploy`")[1].split("\n## ")[0]
    named = set(re.findall(r"^\| `([a-z0-9_]+\.W\d+)` ", section, flags=re.MULTILINE))
    assert warned == named
