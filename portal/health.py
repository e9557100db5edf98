"""Health checks for each outside part: database, cache, broker and search."""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from search import get_backend


@dataclass(frozen=True)
class Check:
    status: str  # "ok", "down", or "not configured"
    backend: str
    detail: str = ""

    @property
    def failing(self) -> bool:
        return self.status == "down"


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Check("ok", connection.vendor)
    except Exception as exc:  # any driver error means the database is unusable
        return Check("down", connection.vendor, str(exc))


def check_cache() -> Check:
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    try:
        cache.set("laurel:health", "ok", 10)
        if cache.get("laurel:health") != "ok":
            return Check("down", backend, "the cache did not return the value just written")
        return Check("ok", backend)
    except Exception as exc:
        return Check("down", backend, str(exc))


def check_broker() -> Check:
    from portal.celery import app

    if app.conf.task_always_eager:
        return Check(
            "not configured", "eager", "tasks run in-process; set REDIS_URL to use workers"
        )
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return Check("ok", conn.transport_cls)
    except Exception as exc:
        return Check("down", str(app.conf.broker_url).split(":", 1)[0], str(exc))


def check_search() -> Check:
    backend = get_backend()
    health = backend.health()
    return Check("ok" if health.ok else "down", backend.name, health.detail)


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "search": check_search,
}


def run_checks() -> tuple[bool, dict[str, dict]]:
    """Run every check; healthy means no configured part is down."""
    results = {name: check() for name, check in CHECKS.items()}
    healthy = not any(result.failing for result in results.values())
    return healthy, {name: asdict(result) for name, result in results.items()}
