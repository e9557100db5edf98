#!/usr/bin/env python
"""Time five representative catalogue searches, with facets, on PostgreSQL and Elasticsearch.

Each search is timed three ways: through the discovery API (GET /api/discovery/search, the
whole Django stack in-process, without the network), through the search layer
(`get_backend().search`), and directly on the engine: the SQL statements the database
backend issues, replayed with a cursor on PostgreSQL; the request body the Elasticsearch
backend builds, sent with the client. Then the as-you-type suggestions for a few partial
queries, through GET /api/discovery/suggest and the search layer (their "hits" column is
how many suggestions were shown). Prints median and 95th percentile in milliseconds.

Uses its own database and index prefix, so tests and other work are not disturbed:

    .venv/bin/python scripts/bench_search.py --generate   # first: migrate, generate, index
    .venv/bin/python scripts/bench_search.py --runs 50    # later runs reuse them

Options: --database-url (default postgres://laurel:laurel@127.0.0.1:54329/laurel_bench),
--elasticsearch-url (default $ELASTICSEARCH_URL or http://127.0.0.1:9201), --badges, --runs.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SEARCHES = [
    ("one common word", {"q": "python"}),
    ("two words + level", {"q": "data analysis", "level": "intermediate"}),
    ("phrase + tag + free", {"q": "first aid", "tag": "health", "cost": "free"}),
    ("browse, newest, 2 filters", {"sort": "newest", "language": "en", "time": "1-10h"}),
    ("typo, most earned", {"q": "leadershp coaching", "sort": "most_earned"}),
]
# What a visitor has typed so far, for the as-you-type suggestions.
PREFIXES = ["pyt", "data an", "leaders", "first a"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgres://laurel:laurel@127.0.0.1:54329/laurel_bench"
    )
    parser.add_argument(
        "--elasticsearch-url",
        default=os.environ.get("ELASTICSEARCH_URL") or "http://127.0.0.1:9201",
    )
    parser.add_argument("--prefix", default="laurel-bench", help="Elasticsearch index prefix.")
    parser.add_argument("--generate", action="store_true", help="Migrate and generate first.")
    parser.add_argument("--badges", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30, help="Timed runs of each search.")
    return parser.parse_args()


def setup(args: argparse.Namespace) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DEBUG": "false",  # no SQL logging in the timings
            "DATABASE_URL": args.database_url,
            "ELASTICSEARCH_URL": args.elasticsearch_url,
            "ELASTICSEARCH_INDEX_PREFIX": args.prefix,
            # Generating bulk-indexes large chunks; the searches timed are far below this.
            "ELASTICSEARCH_TIMEOUT": "60",
            "DISCOVERY_API_THROTTLE_RATE": "1000000/minute",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def timed(call, runs: int) -> list[float]:
    for _ in range(3):  # warm caches and connections
        call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):7.1f} / {p95:7.1f}"


def main() -> None:
    args = parse_args()
    if args.generate:
        create_database(args.database_url)
    setup(args)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from badges.models import BadgeClass
    from discovery.query import search_query_from
    from search import get_backend
    from search.text import words
    from search.types import BADGES

    if args.generate:
        call_command("migrate", verbosity=0)
        if not BadgeClass.objects.exists():
            call_command("generate_catalogue", badges=args.badges)
        else:
            # The database outlived its index (a new Elasticsearch node, an interrupted
            # generate): index what is there before timing.
            engine = get_backend()
            if not engine.client.indices.exists_alias(name=engine.alias_name(BADGES)):
                call_command("search_rebuild")

    engines = {
        "PostgreSQL": {"BACKEND": "search.backends.database.DatabaseBackend"},
        "Elasticsearch": settings.LAUREL_SEARCH["default"],
    }
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{BadgeClass.objects.count():,} badge classes; {args.runs} runs per search")
    print("median / p95, milliseconds\n")
    print("| engine | search | hits | discovery API | search layer | engine directly |")
    print("|---|---|---:|---:|---:|---:|")
    for engine, config in engines.items():
        with override_settings(LAUREL_SEARCH={"default": config}):
            backend = get_backend()
            for label, params in SEARCHES:
                query = search_query_from(QueryDict(urlencode(params)))
                url = "/api/discovery/search?" + urlencode(params)
                response = client.get(url)
                assert response.status_code == 200, response.content[:300]
                total = backend.search(query).total
                api = timed(lambda url=url: client.get(url), args.runs)
                layer = timed(lambda query=query, b=backend: b.search(query), args.runs)
                if engine == "PostgreSQL":
                    with CaptureQueriesContext(connection) as captured:
                        backend.search(query)
                    statements = [q["sql"] for q in captured.captured_queries]

                    def direct(statements=statements):
                        with connection.cursor() as cursor:
                            for sql in statements:
                                cursor.execute(sql)
                                cursor.fetchall()

                else:
                    terms = words(query.text)
                    prefixes = backend.expansions(query.index, terms)
                    body = backend.build_search(query, terms, prefixes=prefixes).to_dict()
                    index = backend.alias_name(query.index)

                    def direct(body=body, index=index, client=backend.client):
                        client.search(index=index, body=body)

                engine_times = timed(direct, args.runs)
                print(
                    f"| {engine} | {label} | {total:,} | {summary(api)} | {summary(layer)} "
                    f"| {summary(engine_times)} |"
                )
            for prefix in PREFIXES:
                url = "/api/discovery/suggest?" + urlencode({"q": prefix})
                assert client.get(url).status_code == 200
                shown = len(backend.suggest(prefix))
                api = timed(lambda url=url: client.get(url), args.runs)
                layer = timed(lambda prefix=prefix, b=backend: b.suggest(prefix), args.runs)
                print(
                    f"| {engine} | suggest {prefix!r} | {shown} | {summary(api)} "
                    f"| {summary(layer)} | |"
                )


if __name__ == "__main__":
    main()
