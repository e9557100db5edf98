"""What the bench_* scripts share: a PostgreSQL database to run on, Django set up for it,
medians, and wrk's output read into numbers."""

import math
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://laurel:laurel@127.0.0.1:54329/laurel_bench"


def database_url(given: str | None) -> str:
    """--database-url, else a PostgreSQL DATABASE_URL, else the local benchmark database."""
    url = given or os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = DEFAULT_DATABASE
    return url


def ensure_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database when it is missing."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str, settings: str = "portal.settings.dev", migrate: bool = True) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    sys.path.insert(0, str(ROOT))
    ensure_database(url)
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def median(values: list[float]) -> float:
    return statistics.median(values)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url: str, *, connections: int, seconds: float, threads: int = 2, headers=()) -> dict:
    """Load `url` with wrk; requests/s, p50 and p99 in milliseconds, and non-2xx answers.

    wrk takes whole seconds only (`-d6s`; it refuses `-d6.0s`), so a fraction is rounded up."""
    duration = max(1, math.ceil(seconds))
    command = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{duration}s"]
    command += ["--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    # wrk pads a value in seconds with a space ("1.37s "), so a line may end in blanks.
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(latency["50"]),
        "p99": _ms(latency["99"]),
        "bad": int(errors.group(1)) if errors else 0,
        "socket_errors": "Socket errors" in out,
    }


def bench_badge():
    """A fresh owner, issuer and badge class for one benchmark run, made through the services:
    (stamp, owner, issuer, badge), the stamp making names unique."""
    import time

    from accounts.services import user_create
    from badges.services.issuers import issuer_create
    from badges.tests.factories import make_badge

    stamp = str(time.time_ns())
    owner = user_create(email=f"bench-{stamp}@example.org", password=None, verified=True)
    issuer = issuer_create(
        user=owner, name=f"Bench {stamp}", url="https://bench.example", email=owner.email
    )
    badge = make_badge(
        issuer,
        image_name="b.png",
        user=owner,
        name="Bench badge",
        description="For timing.",
        criteria_narrative="None.",
    )
    return stamp, owner, issuer, badge
