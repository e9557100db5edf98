#!/usr/bin/env python
"""Time a 10,000-row CSV award the way the issuer workspace runs it, on PostgreSQL.

Three steps, as a person meets them: reading and checking the rows for the preview page
(nothing written), queueing the checked batch (award_job_create: the rows are checked again
and stored), and the task that writes every award in one transaction (award_job_run). The
batch is all or nothing, so the first award becomes visible when the whole batch commits:
"time to the first row visible" is queueing plus the task. Outbox messages are left for the
workers (as in production, where they are delivered after commit by Celery).

    .venv/bin/python scripts/bench_award_csv.py [--rows 10000] [--database-url URL]

Uses its own database (default postgres://laurel:laurel@127.0.0.1:54329/laurel_bench_awards,
migrated on first use) and removes what it made.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument(
        "--database-url",
        default="postgres://laurel:laurel@127.0.0.1:54329/laurel_bench_awards",
    )
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    # Tasks go to an in-memory broker that no worker reads: the job's task is run below by
    # hand, and the awards' outbox messages wait, as they wait for workers in production.
    os.environ.pop("REDIS_URL", None)
    os.environ["CELERY_BROKER_URL"] = "memory://localhost/"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "scripts"))
    _ensure_database(args.database_url)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    import bench_common

    from badges.award_rows import rows_from_csv
    from badges.models import Issuer
    from badges.services.awards import assertion_rows_check, award_job_create, award_job_run

    _stamp, owner, issuer, badge = bench_common.bench_badge()
    csv_text = "email,narrative\n" + "\n".join(
        f"learner{n}@example.org,Finished the course" for n in range(args.rows)
    )
    try:
        started = time.perf_counter()
        rows = rows_from_csv(csv_text)
        errors = assertion_rows_check(badge_class=badge, user=owner, rows=rows)
        preview = time.perf_counter() - started
        assert not errors, errors
        started = time.perf_counter()
        job = award_job_create(badge_class=badge, user=owner, rows=rows, notify=False)
        queued = time.perf_counter() - started
        started = time.perf_counter()
        award_job_run(job=job)
        written = time.perf_counter() - started
        job.refresh_from_db()
        assert job.awarded == args.rows, job.error
        visible = queued + written
        n = args.rows
        print(f"rows: {n:,}")
        print(f"preview (read + check every row): {preview:.2f} s, {n / preview:,.0f} rows/s")
        print(f"queue (check again, store the job): {queued:.2f} s")
        print(f"task (write all in one transaction): {written:.2f} s, {n / written:,.0f} rows/s")
        print(f"time to the first row visible (queue + task): {visible:.2f} s")
        print(f"from upload to all awarded: {preview + visible:.2f} s")
    finally:
        badge.assertions.all().delete()
        badge.award_jobs.all().delete()
        Issuer.objects.filter(pk=issuer.pk).delete()
        owner.delete()


def _ensure_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database when it is missing."""
    if not url.startswith("postgres"):
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
