"""A task crosses a real Redis broker to a real worker process and its result comes back."""

import os
import uuid

import pytest

from portal.celery import app as celery_app
from portal.tasks import ping
from portal.tests.celery_worker import start_celery_worker, stop_celery_workers
from portal.tests.test_health import celery_broker


@pytest.fixture
def worker(settings):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    process = start_celery_worker(
        queue,
        {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "REDIS_URL": settings.REDIS_URL,
        },
        "-Q",
        queue,
    )
    try:
        yield queue, process
    finally:
        stop_celery_workers([process])


@pytest.mark.redis
def test_a_task_round_trips_through_redis_to_a_worker_process(worker, settings):
    queue, process = worker
    with celery_broker(settings.REDIS_URL):
        result = ping.apply_async(args=["hello"], queue=queue)
        answer = result.get(timeout=60)
    assert answer["value"] == "hello"
    assert answer["pid"] == process.pid != os.getpid()


def test_without_redis_tasks_run_in_process():
    assert celery_app.conf.task_always_eager
    assert ping.delay("here").get(timeout=1)["pid"] == os.getpid()
