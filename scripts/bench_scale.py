#!/usr/bin/env python
"""Build Laurel's data at growing sizes on PostgreSQL and time every page issuers, learners,
operators and visitors open, through gunicorn with the production settings and Redis.

    .venv/bin/python scripts/bench_scale.py [--sizes 10k,100k,1m,10m] [--requests 20] [--keep]
    .venv/bin/python scripts/bench_scale.py --smoke      # CI: 10k and 30k, 5 requests a page

The data has the shape of a national deployment: 5 issuers, one holding 85% of the awards;
200 badge classes (120 of the big issuer, 20 of each other); about 100k recipients (a tenth
of the awards, at least 1,000), half of them with an account, 60% of their awards accepted
into the backpack and 5% rejected (the rest pending); 2% of awards revoked; a fifth of the
badge classes expire a year after the award (so some awards expired, some expire soon);
issue dates spread over three years. Issuers, badge classes, users to log in with and one
learner holding 300 accepted badges are made through the services (their outbox messages
delivered in-process), and so are 20 awards just before each size is timed (what
/v2/assertions/changed returns); the bulk goes in with PostgreSQL COPY into the real tables.
Each size grows the data of the one before (10k -> 100k -> 1m), then VACUUM ANALYZE and,
when the command exists, `manage.py rebuild_rollups`.

Each page: two warm-up requests, then --requests timed (p50 and p95 of the whole answer),
on one keep-alive connection to gunicorn (2 workers, portal.settings.production, Redis
cache); then once more in-process through Django's test client, warm, under
CaptureQueriesContext for the query count and the summed SQL time. "cold" pages have the
run's Redis keys deleted before each request. A page over --timeout seconds (also the
database's statement_timeout while timing) is reported as such and not asked again.
Prints one table per size and the ratio of the largest size to the smallest per page.

PostgreSQL: --database-url (default postgres://laurel:laurel@127.0.0.1:54329/
laurel_bench_scale; smoke: laurel_bench_scale_smoke), created here; dropped at the end and
rebuilt from nothing at the start unless --keep, which keeps it and grows what is there.
Redis: --redis-url, else REDIS_URL, else redis://127.0.0.1:63799/0 (keys under a prefix of
this run, removed at the end).
"""

import argparse
import hashlib
import http.client
import json
import logging
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common
from bench_public import start, stop, wait_until

ROOT = bench_common.ROOT
BIN = Path(sys.executable).parent
DEFAULT_DATABASE = "postgres://laurel:laurel@127.0.0.1:54329/laurel_bench_scale"
DOMAIN = "bench-scale.example"
ISSUER_SHARES = (0.85, 0.0375, 0.0375, 0.0375, 0.0375)
BADGES_PER_ISSUER = (120, 20, 20, 20, 20)
LEARNER_BADGES = 300
CHANGED_AWARDS = 20
YEAR = timedelta(days=365)


def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = float(text[:-1] if scale > 1 else text)
    if number <= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: a size is a positive number like 10k or 1m")
    return int(number * scale)


def size_label(n: int) -> str:
    for unit, scale in (("m", 1_000_000), ("k", 1_000)):
        if n >= scale and n % (scale // 10) == 0:
            return f"{n / scale:g}{unit}"
    return str(n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="awards at each step, growing (default 10k; smoke 10k,30k)")
    parser.add_argument("--requests", type=int, help="timed requests a page (20; smoke 5)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds a request may take")
    parser.add_argument(
        "--page-seconds", type=float, help="stop timing a page after this long (60; smoke 3)"
    )
    parser.add_argument("--smoke", action="store_true", help="short, for CI; no targets")
    parser.add_argument("--keep", action="store_true", help="keep the database and reuse it")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--database-url")
    parser.add_argument("--redis-url")
    args = parser.parse_args()
    try:
        sizes = [
            parse_size(s) for s in (args.sizes or ("10k,30k" if args.smoke else "10k")).split(",")
        ]
    except (ValueError, argparse.ArgumentTypeError) as exc:
        parser.error(f"--sizes: {exc}")
    if sizes != sorted(set(sizes)):
        parser.error("--sizes must grow: 10k,100k,1m")
    args.requests = args.requests or (5 if args.smoke else 20)
    args.page_seconds = args.page_seconds or (3 if args.smoke else 60)
    if args.requests < 1 or args.timeout <= 0:
        parser.error("--requests must be 1 or more and --timeout above 0")
    database = args.database_url or DEFAULT_DATABASE + ("_smoke" if args.smoke else "")
    if not database.startswith("postgres"):
        parser.error("--database-url must name a PostgreSQL database")
    name = database.rsplit("/", 1)[1]
    if name == "laurel":
        parser.error("refusing to build into the database `laurel`; name one of the benchmark's")
    work = ROOT / "var" / "bench-scale" / name
    if not args.keep:
        drop_database(database)
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    prefix = f"bench-scale-{os.getpid()}"
    redis_url = args.redis_url or os.environ.get("REDIS_URL") or "redis://127.0.0.1:63799/0"
    env = environment(database, redis_url, prefix, work)
    os.environ.update(env)
    for key in list(os.environ):
        if key.startswith("ELASTICSEARCH") or (key.startswith("LAUREL_") and key not in env):
            del os.environ[key]
    started = time.monotonic()
    results = []
    # Stopped by a signal, still stop gunicorn and reset the database's timeout (finally).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("bench_scale: stopped"))
    try:
        # Before Django starts here: the manifest storage reads the manifest once, when made.
        collect_static(env)
        bench_common.setup_django(database, settings="portal.settings.production")
        # Deliver the outbox in this process as the services write, as a worker would.
        from portal.celery import app

        app.conf.task_always_eager = True
        logging.getLogger("celery").setLevel(logging.WARNING)
        world = make_world()
        for size in sizes:
            built = grow(world, size)
            results.append(measure(world, size, built, args, env, work, prefix, redis_url))
            print_size(results[-1])
    finally:
        set_statement_timeout(database, None)
        forget_cache(redis_url, prefix)
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database(database)
            shutil.rmtree(work, ignore_errors=True)
    print_ratios(results)
    print(f"\ntotal {time.monotonic() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def environment(database: str, redis_url: str, prefix: str, work: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("ELASTICSEARCH", "LAUREL_"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench-scale-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database,
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": prefix,
        "LAUREL_BASE_URL": "http://127.0.0.1:8000",
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(ROOT / "var" / "bench-scale" / "static"),
        "EMAIL_URL": "consolemail://",
    }


def collect_static(env: dict[str, str]) -> None:
    """collectstatic for the production settings' manifest storage; skipped (it takes about a
    minute here) when the static sources are the ones it last collected (their paths, sizes
    and times: a checkout can add a file older than the manifest)."""
    root = Path(env["STATIC_ROOT"])
    folders = [ROOT / "static", *ROOT.glob("*/static")]
    sources = sorted(p for d in folders for p in d.rglob("*") if p.is_file())
    fingerprint = hashlib.sha256(
        "\n".join(f"{p} {p.stat().st_size} {p.stat().st_mtime_ns}" for p in sources).encode()
    ).hexdigest()
    stamp = root / ".laurel-sources"
    if (root / "staticfiles.json").exists() and stamp.exists() and stamp.read_text() == fingerprint:
        return
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    stamp.write_text(fingerprint)


def admin_connection(url: str):
    import psycopg

    return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)


def drop_database(url: str) -> None:
    with admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def set_statement_timeout(url: str, seconds: float | None) -> None:
    """The database's statement_timeout for connections opened from now on (None: reset), so a
    page that never answers frees its query too."""
    name = url.rsplit("/", 1)[1]
    with admin_connection(url) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        value = "DEFAULT" if seconds is None else f"'{int(seconds * 1000)}ms'"
        conn.execute(f'ALTER DATABASE "{name}" SET statement_timeout = {value}')


def forget_cache(redis_url: str, prefix: str) -> None:
    """Delete this run's Redis keys (never the whole Redis database: others share it)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"{prefix}:*", count=1000))
    for first in range(0, len(keys), 1000):
        client.delete(*keys[first : first + 1000])


# The world ----------------------------------------------------------------------------------


def email(kind: str, number: int) -> str:
    return f"{kind}{number:06d}@{DOMAIN}"


def make_world() -> dict:
    """Users, issuers, badge classes and the learner's 300 badges, through the services; found
    again when the database is reused."""
    from accounts.models import User
    from accounts.services import user_create
    from backpack.models import Acceptance
    from backpack.services import backpack_acceptance_set
    from badges.models import BadgeClass, Issuer
    from badges.services.awards import assertion_award_batch
    from badges.services.issuers import issuer_create
    from badges.tests.factories import make_badge

    operator = User.objects.filter(email=email("operator", 0)).first() or user_create(
        email=email("operator", 0), password=None, verified=True, is_staff=True, is_superuser=True
    )
    owners, issuers = [], []
    for number, count in enumerate(BADGES_PER_ISSUER):
        owner = User.objects.filter(email=email("owner", number)).first()
        if owner is None:
            owner = user_create(email=email("owner", number), password=None, verified=True)
        issuer = Issuer.objects.filter(email=owner.email).first()
        if issuer is None:
            print(f"making issuer {number + 1} of 5 with {count} badge classes", flush=True)
            issuer = issuer_create(
                user=owner,
                name=f"Bench issuer {number}",
                url=f"https://{DOMAIN}",
                email=owner.email,
            )
            for badge in range(count):
                expiring = badge % 5 == 0
                make_badge(
                    issuer,
                    user=owner,
                    name=f"Bench badge {number}-{badge:03d}",
                    description="A badge of the scale benchmark.",
                    criteria_narrative="Finish the course.",
                    **({"expires_amount": 1, "expires_unit": "years"} if expiring else {}),
                )
        owners.append(owner)
        issuers.append(issuer)
    badges = [list(BadgeClass.objects.filter(issuer=i).order_by("pk")) for i in issuers]
    learner = User.objects.filter(email=email("holder", 0)).first()
    if learner is None:
        print(f"awarding the learner {LEARNER_BADGES} badges through the services", flush=True)
        learner = user_create(email=email("holder", 0), password=None, verified=True)
        every = [(i, b) for i, group in enumerate(badges) for b in group]
        for n in range(LEARNER_BADGES):
            number, badge = every[n % len(every)]
            (award,) = assertion_award_batch(
                badge_class=badge,
                user=owners[number],
                rows=[{"recipient_identity": learner.email}],
                notify=False,
            )
            backpack_acceptance_set(user=learner, assertion=award, acceptance=Acceptance.ACCEPTED)
    return {
        "operator": operator,
        "owners": owners,
        "issuers": issuers,
        "badges": badges,
        "learner": learner,
    }


# Bulk data through COPY ------------------------------------------------------------------


def copy_text(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def copy_columns(model, given: list[str]) -> tuple[list[str], str]:
    """The columns COPY fills, `given` first, and the tab-joined text of the rest: each other
    field's default, so a column added later is still filled as Django would fill it. A
    column that needs a value per row and is not given stops the benchmark here."""
    from django.db import models
    from django.db.models.fields import NOT_PROVIDED

    fields = {f.attname: f for f in model._meta.concrete_fields}
    missing = [name for name in given if name not in fields]
    if missing:
        raise SystemExit(f"{model.__name__} has no field {missing}; update bench_scale.py")
    rest, defaults = [], []
    for attname, field in fields.items():
        if attname in given or field.primary_key or isinstance(field, models.GeneratedField):
            continue
        if getattr(field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
            continue
        default = field.get_default()
        if field.unique or (default is None and not field.null):
            raise SystemExit(
                f"{model.__name__}.{attname} needs a value per row; teach bench_scale.py it"
            )
        rest.append(field.column)
        defaults.append(copy_text(default))
    columns = [fields[name].column for name in given] + rest
    return columns, "\t".join(defaults)


def copy_rows(model, given: list[str], rows, chunk: int = 50_000) -> int:
    """COPY rows (tuples in the order of `given`) into the model's table; returns the count."""
    from django.db import connection

    columns, defaults = copy_columns(model, given)
    tail = "\t" + defaults if defaults else ""
    table = model._meta.db_table
    quoted = ", ".join(f'"{column}"' for column in columns)
    statement = f'COPY "{table}" ({quoted}) FROM STDIN'
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        lines = []
        for row in rows:
            lines.append("\t".join(map(copy_text, row)) + tail + "\n")
            if len(lines) >= chunk:
                copy.write("".join(lines))
                written += len(lines)
                lines = []
        copy.write("".join(lines))
        written += len(lines)
    return written


def reserve_ids(model, count: int) -> int:
    """The first of `count` primary keys taken from the table's sequence for us."""
    from django.db import connection

    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s)", [sequence])
        (first,) = cursor.fetchone()
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def recipients_for(size: int) -> int:
    return min(100_000, max(1_000, size // 10))


def grow(world: dict, size: int) -> dict:
    """Add awards (and the users, backpack answers they need) until there are `size`."""
    from django.core.management import get_commands
    from django.db import connection, transaction

    from badges.models import Assertion

    had = Assertion.objects.count()
    bulk = size - had - CHANGED_AWARDS
    started = time.monotonic()
    if bulk > 0:
        print(f"\n{size_label(size)}: adding {bulk:,} awards by COPY to {had:,}", flush=True)
        with transaction.atomic():
            users = ensure_recipient_users(recipients_for(size) // 2)
            add_awards(world, bulk, users, random.Random(size), recipients_for(size))
    world["changed_since"] = datetime.now(UTC)
    # Also when the size is there already (--keep): what changed since the run began.
    awards_through_services(world, CHANGED_AWARDS)
    loaded = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    rollups = "rebuild_rollups" in get_commands()
    if rollups:
        from django.core.management import call_command

        call_command("rebuild_rollups")
    built = time.monotonic() - started
    total = Assertion.objects.count()
    print(
        f"{size_label(size)}: {total:,} awards; loaded in {loaded:.0f} s, with VACUUM ANALYZE"
        f"{' and rebuild_rollups' if rollups else ''} {built:.0f} s",
        flush=True,
    )
    return {"awards": total, "added": max(bulk, 0), "load_s": loaded, "build_s": built}


def ensure_recipient_users(count: int) -> dict[int, int]:
    """Accounts (with a verified email) for the first `count` recipients: number -> user id."""
    from allauth.account.models import EmailAddress

    from accounts.models import User

    known = dict(
        User.objects.filter(email__startswith="learner", email__endswith=DOMAIN).values_list(
            "email", "pk"
        )
    )
    have = {int(address[len("learner") : address.index("@")]): pk for address, pk in known.items()}
    new = [n for n in range(count) if n not in have]
    if new:
        first = reserve_ids(User, len(new))
        now = datetime.now(UTC)
        password = "!" + secrets.token_urlsafe(30)  # unusable, as set_unusable_password makes
        copy_rows(
            User,
            ["id", "email", "entity_id", "password", "date_joined"],
            (
                (first + i, email("learner", n), secrets.token_urlsafe(16), password, now)
                for i, n in enumerate(new)
            ),
        )
        copy_rows(
            EmailAddress,
            ["user_id", "email", "verified", "primary"],
            ((first + i, email("learner", n), True, True) for i, n in enumerate(new)),
        )
        have.update({n: first + i for i, n in enumerate(new)})
    return have


def add_awards(
    world: dict, count: int, users: dict[int, int], rng: random.Random, recipients: int
) -> None:
    """`count` awards as the issuers would have made them over three years, by COPY, with
    the backpack answers of recipients who have an account."""
    from backpack.models import Acceptance, BackpackEntry
    from badges.models import Assertion, RecipientType
    from badges.models.base import new_entity_id
    from badges.services.keys import highest_status_index

    now = datetime.now(UTC)
    next_index = [(highest_status_index(i) or -1) + 1 for i in world["issuers"]]
    # Within an issuer, badge class k is awarded in proportion to 1/(k+1): some are big.
    weights = [[1 / (k + 1) for k in range(len(group))] for group in world["badges"]]
    first = reserve_ids(Assertion, count)
    entries = []
    expiring = [[b.expires_amount is not None for b in group] for group in world["badges"]]

    def rows():
        issuer_numbers = rng.choices(range(len(ISSUER_SHARES)), ISSUER_SHARES, k=count)
        for i, number in enumerate(issuer_numbers):
            issuer, group = world["issuers"][number], world["badges"][number]
            k = rng.choices(range(len(group)), weights[number])[0]
            recipient = rng.randrange(recipients)
            issued = now - timedelta(seconds=rng.randrange(3 * 365 * 86400) + 3600)
            revoked = rng.random() < 0.02
            # Revoked a month after the award, or a moment ago if that month is not over.
            revoked_at = min(issued + timedelta(days=30), now - timedelta(seconds=1))
            pk = first + i
            user = users.get(recipient)
            if user is not None and not revoked:
                answer = rng.random()
                if answer < 0.65:
                    accepted = Acceptance.ACCEPTED if answer < 0.6 else Acceptance.REJECTED
                    entries.append((user, pk, accepted, issued + timedelta(days=1)))
            yield (
                pk,
                new_entity_id(),
                group[k].pk,
                issuer.pk,
                world["owners"][number].pk,
                RecipientType.EMAIL,
                email("learner", recipient),
                True,
                secrets.token_hex(16),
                issued,
                issued + YEAR if expiring[number][k] else None,
                [],
                {},
                issuer.verification,
                revoked,
                "Benchmark revocation" if revoked else "",
                revoked_at if revoked else None,
                next_index[number],
                issued,
                revoked_at if revoked else issued,
            )
            next_index[number] += 1

    copy_rows(
        Assertion,
        [
            "id", "entity_id", "badge_class_id", "issuer_id", "created_by_id", "recipient_type",
            "recipient_identity", "recipient_hashed", "salt", "issued_on", "expires", "evidence",
            "extensions", "verification", "revoked", "revocation_reason", "revoked_at",
            "status_index", "created_at", "updated_at",
        ],
        rows(),
    )  # fmt: skip
    copy_rows(BackpackEntry, ["user_id", "assertion_id", "acceptance", "updated_at"], entries)


def awards_through_services(world: dict, count: int) -> None:
    """A few awards of the big issuer made as a person makes them: what changed lately."""
    from badges.services.awards import assertion_award_batch

    if count:
        assertion_award_batch(
            badge_class=world["badges"][0][0],
            user=world["owners"][0],
            rows=[{"recipient_identity": email("recent", n)} for n in range(count)],
            notify=False,
        )


# Timing --------------------------------------------------------------------------------------


def pages(world: dict, token: str) -> list[dict]:
    """Each page of the issue's table: (label, path, who asks, cold, what to do before each)."""
    from badges.models import Assertion
    from badges.public import invalidate_assertion

    big, badge = world["issuers"][0], world["badges"][0][0]
    awards = f"/issue/{big.entity_id}/badges/{badge.entity_id}/awards/"
    change = Assertion.objects.filter(issuer=big).order_by("pk").values_list("pk", flat=True)[0]
    since = world["changed_since"].strftime("%Y-%m-%dT%H:%M:%SZ")
    search = email("learner", 42).split("@")[0]
    revoked = Assertion.objects.filter(issuer=big, revoked=True).order_by("pk")
    middle = revoked[revoked.count() // 2]
    owner, operator = world["owners"][0], world["operator"]
    return [
        {"label": "badge class list", "path": f"/issue/{big.entity_id}/badges/", "user": owner},
        {"label": "dashboard, month", "path": f"/issue/{big.entity_id}/", "user": owner},
        {"label": "dashboard, week", "path": f"/issue/{big.entity_id}/?period=week", "user": owner},
        {"label": "dashboard CSV", "path": f"/issue/{big.entity_id}/?format=csv", "user": owner},
        {"label": "all issuers /issue/all/", "path": "/issue/all/", "user": operator},
        {"label": "awards list, first page", "path": awards, "user": owner},
        {"label": "awards list, search", "path": f"{awards}?q={search}", "user": owner},
        {"label": "admin assertion list", "path": "/staff/badges/assertion/", "user": operator},
        {
            "label": "admin assertion search",
            "path": f"/staff/badges/assertion/?q={search}",
            "user": operator,
        },
        {
            "label": "admin assertion change",
            "path": f"/staff/badges/assertion/{change}/change/",
            "user": operator,
        },
        {
            "label": "/v2/assertions/changed",
            "path": f"/v2/assertions/changed?since={since}",
            "token": token,
        },
        {
            "label": "revocation list, cold",
            "path": f"/public/issuers/{big.entity_id}/revocations",
            "cold": True,
        },
        {
            # What the list costs in use: an award was revoked, so the whole document and the
            # one slice of ids holding it are gone from the cache, the other slices are not.
            "label": "revocation list, after a revocation",
            "path": f"/public/issuers/{big.entity_id}/revocations",
            "before": lambda: invalidate_assertion(middle.entity_id, big.entity_id, middle.pk),
        },
        {"label": "public badge page", "path": f"/badges/{badge.entity_id}/"},
        {"label": "backpack export.zip", "path": "/backpack/export.zip", "user": world["learner"]},
    ]


def session_for(user) -> str:
    """A logged-in session of the user, as django.contrib.auth.login makes it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def measure(world, size, built, args, env, work, prefix, redis_url) -> dict:
    from django.conf import settings
    from django.db import connections

    from accounts.services import personal_token_create

    _pat, token = personal_token_create(user=world["owners"][0], name="bench", scope="rw:issuer")
    sessions: dict[int, str] = {}
    for page in pages(world, token):
        if page.get("user") is not None and page["user"].pk not in sessions:
            sessions[page["user"].pk] = session_for(page["user"])
    listed = pages(world, token)
    for page in listed:
        headers = {"Accept": "text/html"}
        if page.get("user") is not None:
            headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={sessions[page['user'].pk]}"
        if page.get("token"):
            headers = {"Authorization": f"Bearer {page['token']}", "Accept": "application/json"}
        page["headers"] = headers
    database = env["DATABASE_URL"]
    set_statement_timeout(database, args.timeout)
    connections.close_all()  # the next connection has the timeout
    port = free_port()
    gunicorn = start(
        [
            str(BIN / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            str(int(args.timeout) + 10),
        ],
        env,
        work / "gunicorn.log",
    )
    rows = []
    try:
        wait_until(lambda: http_get(port, "/health", {}, 5)[0] == 200, 60, "gunicorn")
        for page in listed:
            figures = time_page(port, page, args, redis_url, prefix)
            if "error" not in figures:  # in-process it would have no timeout
                figures.update(count_queries(page, redis_url, prefix))
            rows.append({"page": page["label"], "path": page["path"], **figures})
            print(f"  {page['label']}: {format_row(rows[-1])}", flush=True)
    finally:
        stop(gunicorn)
        set_statement_timeout(database, None)
        connections.close_all()
    return {"size": size, **built, "pages": rows}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(port: int, path: str, headers: dict, timeout: float, connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        if own:
            connection.close()


def time_page(port: int, page: dict, args, redis_url: str, prefix: str) -> dict:
    """p50 and p95 of whole answers over args.requests, after two warm-up requests."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=args.timeout)
    times: list[float] = []
    size = 0
    try:
        for n in range(args.requests + 2):
            if page.get("cold"):
                forget_cache(redis_url, prefix)
            if page.get("before"):
                page["before"]()
            started = time.perf_counter()
            try:
                status, body = http_get(
                    port, page["path"], page["headers"], args.timeout, connection
                )
            except (TimeoutError, OSError):
                return {"error": f"no answer in {args.timeout:g} s"}
            elapsed = (time.perf_counter() - started) * 1000
            if status != 200:
                return {"error": f"HTTP {status} after {elapsed / 1000:.1f} s"}
            if n >= 2:
                times.append(elapsed)
            size = len(body)
            if sum(times) > args.page_seconds * 1000:  # a slow page: fewer samples
                break
    finally:
        connection.close()
    times.sort()
    return {
        "p50": times[len(times) // 2],
        "p95": times[max(0, -(-len(times) * 95 // 100) - 1)],
        "bytes": size,
        "n": len(times),
    }


def count_queries(page: dict, redis_url: str, prefix: str) -> dict:
    """Queries and summed SQL time of one warm answer, in-process through the test client."""
    from django.db import connection
    from django.db.utils import OperationalError
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    headers = {k: v for k, v in page["headers"].items() if k != "Cookie"}
    if "Cookie" in page["headers"]:
        name, value = page["headers"]["Cookie"].split("=", 1)
        client.cookies[name] = value
    try:
        client.get(page["path"], headers=headers)
        if page.get("cold"):
            forget_cache(redis_url, prefix)
        if page.get("before"):
            page["before"]()
        with CaptureQueriesContext(connection) as captured:
            client.get(page["path"], headers=headers)
    except OperationalError:  # the statement timeout
        connection.close()
        return {"queries": None, "sql_ms": None}
    # Django keeps the last 9,000 queries only: more shows as that many, marked "at least".
    capped = len(captured.captured_queries) >= connection.queries_log.maxlen
    return {
        "queries_capped": capped,
        "queries": len(captured.captured_queries),
        "sql_ms": sum(float(q["time"]) for q in captured.captured_queries) * 1000,
    }


# Reports -------------------------------------------------------------------------------------


def format_row(row: dict) -> str:
    if "error" in row:
        return row["error"]
    queries = queries_text(row)
    sql = "?" if row.get("sql_ms") is None else f"{row['sql_ms']:.1f}"
    return (
        f"p50 {row['p50']:.1f} ms, p95 {row['p95']:.1f} ms (n={row['n']}), {queries} queries, "
        f"SQL {sql} ms"
    )


def queries_text(row: dict) -> str:
    if row.get("queries") is None:
        return "-"
    return (">=" if row.get("queries_capped") else "") + f"{row['queries']:,}"


def cell(value, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def print_size(result: dict) -> None:
    print(
        f"\n{result['awards']:,} awards (built in {result['build_s']:.0f} s)\n"
        "| page | p50 ms | p95 ms | n | queries | SQL ms | KB |\n"
        "|---|---:|---:|---:|---:|---:|---:|"
    )
    for row in result["pages"]:
        if "error" in row:
            print(f"| {row['page']} | {row['error']} | | | | | |")
            continue
        print(
            f"| {row['page']} | {cell(row['p50'])} | {cell(row['p95'])} | {row['n']} | "
            f"{queries_text(row)} | {cell(row['sql_ms'])} | {row['bytes'] / 1024:,.0f} |"
        )


def print_ratios(results: list[dict]) -> None:
    if not results:
        return
    first, last = results[0], results[-1]
    labels = " | ".join(f"{size_label(r['size'])} p95 ms" for r in results)
    print(f"\np95 by size, and largest / smallest\n| page | {labels} | ratio |")
    print("|---|" + "---:|" * (len(results) + 1))
    for index, row in enumerate(first["pages"]):
        figures = [r["pages"][index].get("p95") for r in results]
        shown = " | ".join("timeout" if f is None else f"{f:,.1f}" for f in figures)
        low, high = first["pages"][index].get("p95"), last["pages"][index].get("p95")
        ratio = f"{high / low:.2f}x" if low and high else "-"
        print(f"| {row['page']} | {shown} | {ratio} |")


if __name__ == "__main__":
    main()
