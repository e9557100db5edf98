#!/usr/bin/env python
"""Award 10,000 badges in one batch through the real service, next to a raw bulk insert.

    .venv/bin/python scripts/bench_award.py [--rows 10000] [--runs 3] [--profile] [--smoke]

`assertion_award_batch` is timed as a caller meets it: every row checked, hashed (salted),
given its status-list bit, written with its outbox message, in one transaction. Outbox
messages are left for the workers (notifications, search, publishing), as in production.
The raw figure is Django's bulk_create of the same bare Assertion rows (the same columns,
salts and status bits made in a plain loop) in the same database in the same run: the
floor any award path pays. Prints awards/s, raw rows/s and the ratio (medians of --runs).
--profile prints where the service's time goes (cProfile). --smoke: 200 rows, one run.

Runs on PostgreSQL: --database-url, else DATABASE_URL if it names PostgreSQL, else
postgres://laurel:laurel@127.0.0.1:54329/laurel_bench (created and migrated on first use).
It removes what it made.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, help="awards in the batch (default 10,000; smoke 200)")
    parser.add_argument("--runs", type=int, help="runs, the median reported (default 1)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="200 rows, one run (CI)")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    # Smoke mode shrinks what was not given, so CI can also try the options it was given.
    args.rows = args.rows or (200 if args.smoke else 10_000)
    args.runs = args.runs or 1
    if args.rows < 1 or args.runs < 1:
        parser.error("--rows and --runs must be 1 or more")
    # Messages go to an in-memory broker no worker reads: they wait, as for workers.
    os.environ.pop("REDIS_URL", None)
    os.environ["CELERY_BROKER_URL"] = "memory://localhost/"
    bench_common.setup_django(bench_common.database_url(args.database_url))

    from django.db import transaction

    from badges.models import Assertion, Issuer, RecipientType
    from badges.openbadges.hashing import make_salt
    from badges.services.awards import AWARD_CHUNK, assertion_award_batch
    from badges.services.keys import highest_status_index
    from outbox.models import OutboxMessage

    outbox_before = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _stamp, owner, issuer, badge = bench_common.bench_badge()
    rows = [
        {"recipient_identity": f"learner{n}@example.org", "narrative": "Finished the course"}
        for n in range(args.rows)
    ]

    def service() -> float:
        started = time.perf_counter()
        assertion_award_batch(badge_class=badge, user=owner, rows=rows, notify=False)
        return time.perf_counter() - started

    def raw() -> float:
        start = (highest_status_index(issuer) or 0) + 1
        started = time.perf_counter()
        with transaction.atomic():
            Assertion.objects.bulk_create(
                [
                    Assertion(
                        badge_class=badge,
                        issuer=issuer,
                        created_by=owner,
                        recipient_type=RecipientType.EMAIL,
                        recipient_identity=row["recipient_identity"],
                        salt=make_salt(),
                        narrative=row["narrative"],
                        status_index=start + n,
                    )
                    for n, row in enumerate(rows)
                ],
                batch_size=AWARD_CHUNK,
            )
        return time.perf_counter() - started

    try:
        service_times, raw_times = [], []
        for run in range(args.runs):
            raw_times.append(raw())
            if args.profile and run == 0:
                profiler = cProfile.Profile()
                profiler.enable()
                service_times.append(service())
                profiler.disable()
            else:
                service_times.append(service())
            print(
                f"run {run + 1}: service {args.rows / service_times[-1]:,.0f} awards/s, "
                f"raw {args.rows / raw_times[-1]:,.0f} rows/s",
                flush=True,
            )
        awards = args.rows / bench_common.median(service_times)
        bare = args.rows / bench_common.median(raw_times)
        print(f"rows per batch: {args.rows:,}; runs: {args.runs} (medians)")
        print(f"assertion_award_batch: {awards:,.0f} awards/s")
        print(f"raw bulk_create:       {bare:,.0f} rows/s")
        print(f"ratio to raw:          {awards / bare:.2f}x   (targets: 2,000/s and 0.3x)")
        if args.profile:
            pstats.Stats(profiler).sort_stats("tottime").print_stats(18)
    finally:
        badge.assertions.all().delete()
        OutboxMessage.objects.filter(pk__gt=outbox_before).delete()
        Issuer.objects.filter(pk=issuer.pk).delete()
        owner.delete()


if __name__ == "__main__":
    main()
