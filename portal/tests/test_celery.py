"""A task crosses a real Redis broker to a real worker process and its result comes back."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from portal.celery import app as celery_app
from portal.tasks import ping
from portal.tests.test_health import celery_broker

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(settings):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
            "-n",
            f"{queue}@%h",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "REDIS_URL": settings.REDIS_URL,
        },
    )
    try:
        yield queue, process
    finally:
        process.terminate()
        process.wait(timeout=30)


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
