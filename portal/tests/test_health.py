from contextlib import contextmanager

import pytest
from django.test import override_settings

from portal.celery import app as celery_app


def _drop_broker_connections() -> None:
    # The app keeps its connection and producer pools: kept, they would reach the old broker.
    # (Not closed: kombu shares them, per broker URL, with whoever uses that broker next.)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def celery_broker(url: str):
    """Send tasks to a broker for the duration, instead of running them in-process."""
    saved = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = url
    _drop_broker_connections()
    try:
        yield
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.broker_url = saved
        _drop_broker_connections()


@pytest.mark.django_db
def test_health_reports_every_part_as_json(client, settings):
    settings.LAUREL_SEARCH = {"default": {"BACKEND": "search.backends.database.DatabaseBackend"}}
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "search"}
    assert body["checks"]["database"]["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_health_is_503_when_the_configured_broker_is_down(client):
    with celery_broker("redis://127.0.0.1:1/0"):
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "down"


@pytest.mark.django_db
def test_health_is_503_when_the_configured_cache_is_down(client):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "down"


@pytest.mark.django_db
def test_health_is_503_when_the_configured_search_engine_is_down(client):
    search = {
        "default": {
            "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
            "URL": "http://127.0.0.1:1",
            "TIMEOUT": 1,
        }
    }
    with override_settings(LAUREL_SEARCH=search):
        response = client.get("/health")
    assert response.status_code == 503
    check = response.json()["checks"]["search"]
    assert check == {"status": "down", "backend": "elasticsearch", "detail": check["detail"]}
    assert check["detail"]


@pytest.mark.redis
@pytest.mark.django_db
def test_health_reports_the_real_redis_cache_and_broker_ok(client, settings):
    with celery_broker(settings.REDIS_URL):
        body = client.get("/health").json()
    assert body["checks"]["cache"] == {"status": "ok", "backend": "RedisCache", "detail": ""}
    assert body["checks"]["broker"]["status"] == "ok"


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_health_reports_the_real_elasticsearch_ok(client):
    check = client.get("/health").json()["checks"]["search"]
    assert check["status"] == "ok"
    assert check["backend"] == "elasticsearch"
