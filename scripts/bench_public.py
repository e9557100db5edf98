#!/usr/bin/env python
"""Serve one Open Badges 2.0 assertion four ways and load each with wrk; time revocations and
the catalogue and search pages; report a gunicorn worker's memory.

    .venv/bin/python scripts/bench_public.py [--seconds 10] [--connections 64] [--runs 3]
    .venv/bin/python scripts/bench_public.py --smoke      # CI: a second each, 4 connections

The same document (the same bytes) is served by:
  1. nginx serving it as a plain static file: the limit of this machine;
  2. before: gunicorn's dynamic view, asked directly (the Redis-cached document, no files);
  3. Laurel's production stack: deploy/nginx/laurel.conf in front of gunicorn
     (portal.settings.production on PostgreSQL and Redis), answering from the file the outbox
     handlers pre-rendered to LAUREL_PUBLISH_ROOT, negotiation and all;
  4. the same with gunicorn stopped.
For each: requests/s, p50 and p99 (medians of --runs) and the ratio to the limit. Then, with a
Celery worker delivering the outbox on Redis: the time from revoking an award through the
service until nginx answers 410; TTFB p95 through the stack of a catalogue page with 100
badges and of the search page; the RSS of each gunicorn worker.

Needs wrk and nginx (Debian: wrk, nginx-light), PostgreSQL (--database-url, else a PostgreSQL
DATABASE_URL, else postgres://laurel:laurel@127.0.0.1:54329/laurel_bench, created and
migrated on first use) and Redis (--redis-url, else REDIS_URL, else
redis://127.0.0.1:63799/0). Ports are picked free on 127.0.0.1; everything started is stopped
and everything made is removed.
"""

import argparse
import http.client
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common

ROOT = bench_common.ROOT
sys.path.insert(0, str(ROOT))
from deploy import frontserver  # noqa: E402

BIN = Path(sys.executable).parent
LIMIT_SITE = """
server {
    listen 127.0.0.1:%(port)s;
    root %(root)s;
    location / { types { } default_type application/ld+json; }
}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, help="each wrk run (default 10; smoke 1)")
    parser.add_argument("--connections", type=int, help="wrk connections (default 64; smoke 4)")
    parser.add_argument("--runs", type=int, help="runs of each measure (default 1; smoke 1)")
    parser.add_argument("--gunicorn-workers", type=int, default=3)
    parser.add_argument("--page-requests", type=int, help="page TTFB samples (200; smoke 10)")
    parser.add_argument("--smoke", action="store_true", help="very short, for CI; no targets")
    parser.add_argument("--database-url")
    parser.add_argument("--redis-url")
    args = parser.parse_args()
    # Smoke mode shrinks what was not given, so CI can also try the options it was given.
    defaults = {"seconds": 10, "connections": 64, "runs": 1, "page_requests": 200}
    if args.smoke:
        defaults = {"seconds": 1, "connections": 4, "runs": 1, "page_requests": 10}
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.seconds <= 0 or args.connections < 1 or args.runs < 1 or args.page_requests < 1:
        parser.error("--seconds must be above 0; --connections, --runs, --page-requests 1 or more")
    for tool in ("wrk",):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed (apt-get install wrk nginx-light)")
    if not frontserver.nginx_path():
        sys.exit("nginx is not installed (apt-get install nginx-light)")

    work = Path(tempfile.mkdtemp(prefix="laurel-bench-public-"))
    ports = {name: frontserver.free_port() for name in ("limit", "nginx", "gunicorn")}
    database = bench_common.database_url(args.database_url)
    redis_url = args.redis_url or os.environ.get("REDIS_URL") or "redis://127.0.0.1:63799/0"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ELASTICSEARCH", "LAUREL_"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench-public-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database,
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": f"bench-public-{os.getpid()}",
        "LAUREL_BASE_URL": f"http://127.0.0.1:{ports['nginx']}",
        "LAUREL_PUBLISH_ROOT": str(work / "published"),
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        "EMAIL_URL": "consolemail://",
    }
    os.environ.update(env)
    for name in list(os.environ):
        if name.startswith("ELASTICSEARCH") or (name.startswith("LAUREL_") and name not in env):
            del os.environ[name]
    processes: dict[str, subprocess.Popen] = {}
    made = None
    try:
        bench_common.setup_django(database, settings="portal.settings.production")
        subprocess.run(
            [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        processes["worker"] = start(
            [str(BIN / "celery"), "-A", "portal", "worker", "--pool", "solo", "-l", "WARNING"],
            env,
            work / "worker.log",
        )
        from outbox.models import OutboxMessage

        last = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        made = make_world()
        made["outbox_after"] = last
        wait_for_outbox(last)
        with frontserver.running(
            port=ports["nginx"],
            app=f"127.0.0.1:{ports['gunicorn']}",
            publish_root=env["LAUREL_PUBLISH_ROOT"],
            static_root=env["STATIC_ROOT"],
        ) as stack:
            document = Path(env["LAUREL_PUBLISH_ROOT"], "public", "assertions")
            body = (document / f"{made['award']}.json").read_bytes()
            limit_root = work / "limit"
            limit_root.mkdir()
            (limit_root / "assertion.json").write_bytes(body)
            limit_site = LIMIT_SITE % {"port": ports["limit"], "root": limit_root}
            with frontserver.running_site(port=ports["limit"], site=limit_site) as limit:
                processes["gunicorn"] = start(
                    [
                        str(BIN / "gunicorn"),
                        "portal.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{ports['gunicorn']}",
                        "--workers",
                        str(args.gunicorn_workers),
                    ],
                    env,
                    work / "gunicorn.log",
                )
                app = f"http://127.0.0.1:{ports['gunicorn']}"
                wait_until(lambda: status(f"{app}/health") == 200, 30, "gunicorn")
                path = f"/public/assertions/{made['award']}"
                urls = {
                    "limit": f"{limit}/assertion.json",
                    "before": app + path,
                    "stack": stack + path,
                }
                for name, url in urls.items():  # the same document everywhere
                    assert fetch(url) == (200, body), name
                figures = {name: [] for name in (*urls, "down")}
                for _ in range(args.runs):
                    for name, url in urls.items():
                        figures[name].append(load(url, args))
                pages = {
                    "catalogue page, 100 badges": ttfb(stack, made["catalogue"], args),
                    "search page": ttfb(stack, "/discover/?q=bench", args),
                }
                revocations = [revocation_latency(stack, entity_id) for entity_id in made["spare"]]
                rss = worker_rss(processes["gunicorn"].pid)
                stop(processes.pop("gunicorn"))
                assert fetch(stack + path) == (200, body), "the stack without the app"
                for _ in range(args.runs):
                    figures["down"].append(load(stack + path, args))
        report(args, figures, pages, revocations, rss)
    except BaseException:
        for log in sorted(work.glob("*.log")):
            print(f"--- {log.name} (last lines)\n" + "\n".join(log.read_text().splitlines()[-15:]))
        raise
    finally:
        for process in processes.values():
            stop(process)
        if made is not None:
            remove_world(made)  # after the worker stopped, so it publishes nothing of it
        shutil.rmtree(work, ignore_errors=True)


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not get there in {seconds} s")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, **headers) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def status(url: str) -> int:
    return fetch(url)[0]


def load(url: str, args) -> dict:
    result = bench_common.wrk(url, connections=args.connections, seconds=args.seconds)
    if result["bad"] or result["socket_errors"]:
        print(f"warning: {url}: {result['bad']} non-2xx answers or socket errors", flush=True)
    return result


def ttfb(base: str, path: str, args) -> dict:
    """Time to the first byte of the answer, one request after another on one connection."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    times = []
    for _ in range(args.page_requests + 3):
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept": "text/html"})
        response = connection.getresponse()  # returns once the status line and headers are in
        times.append((time.perf_counter() - started) * 1000)
        assert response.status == 200, (path, response.status)
        response.read()
    connection.close()
    times = sorted(times[3:])  # the first requests fill the caches
    return {"p50": times[len(times) // 2], "p95": times[int(len(times) * 0.95) - 1]}


def make_world() -> dict:
    """An issuer, a badge and awards (one to load, three to revoke), 100 more badges on a
    catalogue page, and the search index; all through the services."""
    from django.core.management import call_command

    from badges.services.awards import assertion_award_batch
    from portal.demo import add_page, stream_block
    from portal.models import CatalogueIndexPage, CataloguePage, HomePage
    from portal.tests.factories import make_catalogue_badges

    stamp, owner, issuer, badge = bench_common.bench_badge()
    awards = assertion_award_batch(
        badge_class=badge,
        user=owner,
        rows=[{"recipient_identity": f"learner{n}@example.org"} for n in range(4)],
        notify=False,
    )
    hundred = make_catalogue_badges(
        issuer,
        "Bench catalogue badge",
        user=owner,
        description="A badge of the benchmark catalogue.",
    )
    home = HomePage.objects.first()
    index = add_page(home, CatalogueIndexPage(title="Bench catalogues", slug=f"bench-{stamp}"))
    page = add_page(
        index,
        CataloguePage(
            title="Everything",
            slug="everything",
            body=[stream_block("badge", b.pk) for b in hundred],
        ),
    )
    call_command("search_rebuild", verbosity=0, stdout=io.StringIO())
    return {
        "owner": owner,
        "issuer": issuer,
        "award": awards[0].entity_id,
        "spare": [a.entity_id for a in awards[1:]],
        "index": index,
        "catalogue": page.url,
    }


def wait_for_outbox(after: int) -> None:
    """Until the worker delivered every message this run made."""
    from outbox.models import OutboxMessage

    ours = OutboxMessage.objects.filter(pk__gt=after, delivered_at__isnull=True)
    wait_until(lambda: not ours.exists(), 120, "the outbox (Celery worker)")


def revocation_latency(stack: str, entity_id: str) -> float:
    """Milliseconds from calling the revoke service until nginx answers 410."""

    from badges.models import Assertion
    from badges.services.awards import assertion_revoke

    assertion = Assertion.objects.select_related("issuer").get(entity_id=entity_id)
    url = f"{stack}/public/assertions/{entity_id}"
    assert status(url) == 200
    started = time.perf_counter()
    assertion_revoke(assertion=assertion, user=None, reason="Benchmark")
    while status(url) != 410:
        if time.perf_counter() - started > 30:
            raise RuntimeError("the revocation did not reach nginx in 30 s")
        time.sleep(0.002)
    return (time.perf_counter() - started) * 1000


def worker_rss(master: int) -> list[float]:
    """Resident memory (MB) of each gunicorn worker: the master's children."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def remove_world(made: dict) -> None:
    from badges.models import Issuer
    from outbox.models import OutboxMessage

    made["index"].delete()
    issuer = Issuer.objects.filter(pk=made["issuer"].pk).first()
    if issuer is not None:
        issuer.assertions.all().delete()
        issuer.delete()
    made["owner"].delete()
    OutboxMessage.objects.filter(pk__gt=made["outbox_after"]).delete()


def report(args, figures: dict, pages: dict, revocations: list[float], rss: list[float]) -> None:
    median = bench_common.median
    labels = {
        "limit": "1. nginx, plain static file (limit)",
        "before": "2. before: gunicorn dynamic view",
        "stack": "3. Laurel: nginx + pre-rendered",
        "down": "4. Laurel, gunicorn stopped",
    }
    limit = median([run["rps"] for run in figures["limit"]])
    print(
        f"\n{args.connections} connections, {args.seconds:g} s each, medians of {args.runs} run(s)"
    )
    print(f"{'':40} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'x limit':>8}")
    for name, label in labels.items():
        rps = median([run["rps"] for run in figures[name]])
        p50 = median([run["p50"] for run in figures[name]])
        p99 = median([run["p99"] for run in figures[name]])
        print(f"{label:40} {rps:9,.0f} {p50:8.2f} {p99:8.2f} {rps / limit:8.2f}")
    print("targets: stack >= 0.5x the limit, p99 <= 10 ms")
    print(
        "revocation visible at nginx (410) after: "
        + ", ".join(f"{ms:.0f}" for ms in revocations)
        + f" ms (median {median(revocations):.0f} ms; target <= 1000 ms)"
    )
    for name, figure in pages.items():
        print(
            f"TTFB {name}: p50 {figure['p50']:.1f} ms, p95 {figure['p95']:.1f} ms "
            "(target p95 <= 50 ms)"
        )
    print(
        "gunicorn worker RSS: "
        + ", ".join(f"{mb:.0f}" for mb in rss)
        + " MB (target <= 250 MB each)"
    )


if __name__ == "__main__":
    main()
