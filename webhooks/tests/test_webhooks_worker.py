"""At-least-once webhooks: a real Celery worker on the Redis broker is killed with SIGKILL while
its request to the endpoint hangs; a new worker's sweep sends the delivery again, with the
same webhook-id, so the receiver gets it and can tell it from a new message."""

import os
import signal
import subprocess
import tempfile
import time
import uuid

import pytest
from standardwebhooks import Webhook

from badges.services.awards import assertion_award
from badges.tests.factories import make_badge, make_issuer
from portal.tests.celery_worker import (
    start_celery_worker,
    stop_celery_workers,
    worker_database_url,
)
from portal.tests.test_health import celery_broker
from webhooks.models import WebhookDelivery
from webhooks.services import webhook_endpoint_create
from webhooks.tests.webhook_receiver import webhook_receiver

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up after {timeout:.0f}s waiting for {what}")


@pytest.fixture
def start_worker(settings, receiver):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "webhooks.tests.webhook_worker_settings",
        "DATABASE_URL": worker_database_url(settings),  # where the test writes its award
        "CELERY_BROKER_URL": settings.REDIS_URL,
        "LAUREL_FETCH_ALLOWED_HOSTS": receiver.host_port,
        "LAUREL_WEBHOOK_TIMEOUT": "1",
        "LAUREL_WEBHOOK_RETRY_SCHEDULE": "1,1,1",
    }
    running = []
    beat_dir = tempfile.TemporaryDirectory()  # removed only after the workers stopped

    def start() -> subprocess.Popen:
        name = f"hooks-{uuid.uuid4().hex[:6]}"
        schedule = f"{beat_dir.name}/{name}"
        process = start_celery_worker(
            name, env, "--beat", "--schedule", schedule, "--without-heartbeat"
        )
        running.append(process)
        return process

    try:
        yield start
    finally:
        stop_celery_workers(running)
        beat_dir.cleanup()


@pytest.fixture
def receiver(settings):
    with webhook_receiver(settings, stall=20) as server:  # the first request hangs
        yield server


def test_a_worker_killed_mid_delivery_is_followed_by_the_same_message(start_worker, receiver):
    issuer = make_issuer(name="Harbour College")
    badge = make_badge(issuer)
    endpoint = webhook_endpoint_create(
        issuer=issuer, user=None, url=receiver.url(), events=["assertion.awarded"]
    )
    started = time.monotonic()
    with celery_broker(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"):
        first = start_worker()
        assertion = assertion_award(
            badge_class=badge, user=None, recipient_identity="sailor@example.org", notify=False
        )
        wait_for(lambda: receiver.stalled, 60, "the worker's request to reach the endpoint")
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts) == ("pending", 1)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=20)
        start_worker()
        (request,) = wait_for(lambda: receiver.received, 60, "the delivery after the restart")
    message = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert message["data"]["assertion"]["id"] == assertion.entity_id
    assert request.headers["webhook-id"] == delivery.message_id
    delivery = wait_for(
        lambda: WebhookDelivery.objects.filter(status="delivered").first(), 20, "the record"
    )
    # The killed attempt left no log line: only what came back is logged.
    assert delivery.attempts == 2 and delivery.attempt_log.count() == 1
    print(f"\nkilled mid-delivery, delivered after restart in {time.monotonic() - started:.1f}s")
