"""Test-wide fixtures and the service markers.

A test marked `postgres`, `redis`, `elasticsearch`, `browser` or `nginx` runs only when that
service is reachable. Otherwise it skips with the reason, or fails when
LAUREL_REQUIRE_SERVICES=1 (as in CI) or names the service in a comma list, so no
required service test silently skips.
"""

import functools
import os
import shutil

import pytest
from django.conf import settings

# The browser tests' `page` fixture, with the helpers they share.
pytest_plugins = ["portal.tests.browser"]

SERVICE_MARKERS = ("postgres", "redis", "elasticsearch", "browser", "nginx")


def _required(name: str) -> bool:
    """LAUREL_REQUIRE_SERVICES=1 requires every service; a comma list requires just those."""
    value = os.environ.get("LAUREL_REQUIRE_SERVICES", "").lower().strip()
    if value in ("1", "true", "yes", "all"):
        return True
    return name in {part.strip() for part in value.split(",")}


def chromium_path() -> str | None:
    return os.environ.get("LAUREL_CHROMIUM") or shutil.which("chromium")


@functools.cache
def service_unavailable(name: str) -> str | None:
    """Why the named service cannot be used, or None when it can."""
    if name == "postgres":
        engine = settings.DATABASES["default"]["ENGINE"]
        return (
            None if "postgresql" in engine else "DATABASE_URL does not name a PostgreSQL database"
        )
    if name == "redis":
        if not settings.REDIS_URL:
            return "REDIS_URL is not set"
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            return f"Redis at {settings.REDIS_URL} does not answer: {exc}"
        return None
    if name == "elasticsearch":
        if not settings.ELASTICSEARCH_URL:
            return "ELASTICSEARCH_URL is not set"
        from search import get_backend

        health = get_backend().health()
        return None if health.ok else f"Elasticsearch is not healthy: {health.detail}"
    if name == "browser":
        if not chromium_path():
            return "Chromium is not installed (apt-get install chromium, or set LAUREL_CHROMIUM)"
        try:
            import playwright  # noqa: F401
        except ImportError:
            return "the playwright package is not installed (pip install -r requirements-dev.txt)"
        return None
    if name == "nginx":
        from deploy.frontserver import nginx_path

        return None if nginx_path() else "nginx is not installed (apt-get install nginx-light)"
    raise ValueError(f"unknown service {name!r}")


def pytest_runtest_setup(item):
    for name in SERVICE_MARKERS:
        if item.get_closest_marker(name) is None:
            continue
        reason = service_unavailable(name)
        if reason is None:
            continue
        if _required(name):
            pytest.fail(f"LAUREL_REQUIRE_SERVICES requires {name}, which is unavailable: {reason}")
        pytest.skip(f"{name} unavailable: {reason}")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache (sign-up rate limits, cached documents)."""
    from django.core.cache import cache

    cache.clear()
    yield


def pytest_collection_modifyitems(items):
    """Every transactional test restores the migrated data (Wagtail's site and home page).

    Django flushes after a transactional test. After a serialized_rollback test the flush
    leaves content types out; after a plain one it recreates them with new ids. Mixing the
    two kinds broke whichever test ran next (stale content type ids, or restored ones that
    clash), so every transactional test uses serialized rollback.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
            {"transactional_db", "live_server"} & set(item.fixturenames)
        )
        if transactional and "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.append("django_db_serialized_rollback")
