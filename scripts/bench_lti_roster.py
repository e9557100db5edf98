#!/usr/bin/env python
"""Award a badge to a 1,000-learner LMS roster through an LTI roster rule, end to end.

    .venv/bin/python scripts/bench_lti_roster.py [--learners 1000] [--runs 3] [--smoke]

The LMS is the tests' mock platform (the PyPI lti1p3platform package) on a loopback port; a
small server publishes Laurel's tool key set for it. A run is `rule_run` as the beat task and
"Run now" call it: an access token by the client-credentials grant (a JWT assertion the mock
checks against Laurel's key set), the roster read over NRPS, and every learner awarded through
`assertion_award_batch` with the rule's records, in one transaction. Award emails are left in
the outbox for the workers, as in production. Prints learners awarded per second (median of
--runs, a fresh rule each run) and the time of a second run, which must award nobody.
--smoke: 50 learners, one run (CI).

Runs on PostgreSQL: --database-url, else DATABASE_URL if it names PostgreSQL, else
postgres://laurel:laurel@127.0.0.1:54329/laurel_bench (created and migrated on first use).
It removes what it made.
"""

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import bench_common


def key_set_server(keys: list[dict]) -> ThreadingHTTPServer:
    body = json.dumps({"keys": keys}).encode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, help="roster size (default 1,000; smoke 50)")
    parser.add_argument("--runs", type=int, help="runs, the median reported (default 1)")
    parser.add_argument("--smoke", action="store_true", help="50 learners, one run (CI)")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    args.learners = args.learners or (50 if args.smoke else 1000)
    args.runs = args.runs or 1
    if args.learners < 1 or args.runs < 1:
        parser.error("--learners and --runs must be 1 or more")
    os.environ.pop("REDIS_URL", None)
    os.environ["CELERY_BROKER_URL"] = "memory://localhost/"
    bench_common.setup_django(bench_common.database_url(args.database_url))

    from badges.models import Issuer
    from lti import selectors
    from lti.models import Course, Platform
    from lti.services.keys import tool_key_current
    from lti.services.rules import rule_create, rule_run
    from lti.tests.mock_platform import MockPlatform
    from outbox.models import OutboxMessage

    outbox_before = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _stamp, owner, issuer, badge = bench_common.bench_badge()
    tool_key_current()
    keys = key_set_server(selectors.published_keys())
    lms = MockPlatform(f"http://127.0.0.1:{keys.server_address[1]}")
    for n in range(args.learners):
        lms.add_member(f"learner-{n}", f"learner{n}@example.org")
    platform = lms.register_with_laurel(issuer=issuer, award_as=owner)
    course = Course.objects.create(
        platform=platform,
        context_id="course-1",
        deployment_id=lms.deployment_id,
        title="Bench course",
        memberships_url=lms.url + "/memberships",
    )
    try:
        times, again = [], []
        for run in range(args.runs):
            rule = rule_create(course=course, user=owner, badge_class=badge, kind="roster")
            started = time.perf_counter()
            first = rule_run(rule=rule)
            times.append(time.perf_counter() - started)
            started = time.perf_counter()
            second = rule_run(rule=rule)
            again.append(time.perf_counter() - started)
            if first.awarded != args.learners or second.awarded != 0 or first.errors:
                raise SystemExit(
                    f"run {run + 1} awarded {first.awarded} then {second.awarded}: {first.errors}"
                )
            print(
                f"run {run + 1}: {args.learners / times[-1]:,.0f} learners awarded/s; "
                f"second run {again[-1] * 1000:,.0f} ms, awarded nobody",
                flush=True,
            )
        rate = args.learners / bench_common.median(times)
        print(f"roster: {args.learners:,} learners; runs: {args.runs} (medians)")
        print(
            f"roster rule: {rate:,.0f} learners awarded/s "
            f"({bench_common.median(times):.2f} s for the roster)"
        )
        print(f"second run (idempotent): {bench_common.median(again) * 1000:,.0f} ms")
    finally:
        lms.close()
        keys.shutdown()
        badge.assertions.all().delete()
        Platform.objects.filter(pk=platform.pk).delete()
        OutboxMessage.objects.filter(pk__gt=outbox_before).delete()
        Issuer.objects.filter(pk=issuer.pk).delete()
        owner.delete()


if __name__ == "__main__":
    main()
