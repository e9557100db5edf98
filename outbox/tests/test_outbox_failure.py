"""The outbox under failure: a real Celery worker on a real Redis broker delivers 200 awards
(emails, search index updates) and is killed with SIGKILL in the middle, or Redis is restarted
under it. Every message is still delivered at least once, and every effect is applied once:
the index matches the database and each award has exactly one email delivery key."""

import os
import re
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import redis

from accounts.tests.factories import UserFactory
from badges.models import Assertion
from badges.services.awards import assertion_award_batch
from badges.tests.factories import make_badge, make_issuer
from outbox.models import OutboxMessage
from outbox.tasks import outbox_drain
from portal.tests.celery_worker import (
    start_celery_worker,
    stop_celery_workers,
    worker_database_url,
)
from portal.tests.test_health import celery_broker
from search.services import index_reconcile

AWARDS = 200
# A Redis of the test's own, so restarting it disturbs no one else's.
BROKER_PORT = int(os.environ.get("LAUREL_TEST_BROKER_PORT", "63805"))

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


def wait_for(condition, timeout: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(every)
    raise AssertionError(f"gave up after {timeout:.0f}s waiting for {what}")


class RedisServer:
    def __init__(self, port: int, folder: Path) -> None:
        self.port, self.folder, self.process = port, folder, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self) -> None:
        # No snapshot, no append-only file: a restart loses every queued task, the worst case.
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)

        def answers() -> bool:
            try:
                return client.ping()
            except redis.RedisError:
                return False

        wait_for(answers, 20, f"redis-server on port {self.port}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def broker(tmp_path):
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed (scripts/services installs it)")
    server = RedisServer(BROKER_PORT, tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Workers:
    """Starts Celery workers as separate processes on the test database and the broker."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env, self.running = env, []

    def start(self) -> subprocess.Popen:
        name = f"outbox-{uuid.uuid4().hex[:6]}"
        process = start_celery_worker(name, self.env, "--without-heartbeat")
        self.running.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=20)

    def stop_all(self) -> None:
        stop_celery_workers(self.running)


@pytest.fixture
def workers(transactional_db, settings, broker, tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "outbox.tests.outbox_worker_settings",
        "DATABASE_URL": worker_database_url(settings),  # where the test writes its awards
        "CELERY_BROKER_URL": broker.url,
        "LAUREL_TEST_MAIL_DIR": str(mail_dir),
    }
    pool = Workers(env)
    pool.mail_dir = mail_dir
    try:
        yield pool
    finally:
        pool.stop_all()


def award_keys(mail_dir: Path) -> list[str]:
    """The delivery key (Message-ID) of every award email written, repeats included."""
    keys = []
    for path in mail_dir.iterdir():
        keys += re.findall(r"^Message-ID: <award-([^@]+)@", path.read_text(), re.MULTILINE)
    return keys


def make_awards() -> list[str]:
    # The index outlives the database between tests: start from one that matches it.
    for kind in ("badges", "issuers"):
        index_reconcile(kind=kind)
    owner = UserFactory()
    badge = make_badge(make_issuer(owner))
    rows = [{"recipient_identity": f"learner{n}@example.org"} for n in range(AWARDS)]
    awarded = assertion_award_batch(badge_class=badge, user=owner, rows=rows)
    return [assertion.entity_id for assertion in awarded]


def undelivered() -> int:
    return OutboxMessage.objects.filter(delivered_at__isnull=True).count()


def drain_until_delivered(timeout: float = 240) -> None:
    # What beat does every minute in production (CELERY_BEAT_SCHEDULE), here every few seconds.
    def done() -> bool:
        if undelivered() == 0:
            return True
        outbox_drain.delay()
        time.sleep(3)
        return undelivered() == 0

    wait_for(done, timeout, "every outbox message to be delivered", every=0)


def figures(
    entity_ids: list[str], mail_dir: Path, kills: int, label: str, left_at_cut: int
) -> dict:
    keys = award_keys(mail_dir)
    made = OutboxMessage.objects.count()
    delivered = OutboxMessage.objects.filter(delivered_at__isnull=False).count()
    result = {
        "awards": len(entity_ids),
        "messages made": made,
        "messages delivered": delivered,
        "messages lost": made - delivered,
        "emails written": len(keys),
        "emails, distinct keys": len(set(keys)),
        "duplicate emails seen": len(keys) - len(set(keys)),
        "awards without email": len(set(entity_ids) - set(keys)),
        "index drift": sum(
            index_reconcile(kind=kind, repair=False).drift for kind in ("badges", "issuers")
        ),
        "interruptions": kills,
        "undelivered when cut": left_at_cut,
    }
    print(f"\n{label}: " + ", ".join(f"{k} {v}" for k, v in result.items()))
    return result


def assert_every_effect_once(result: dict, entity_ids: list[str]) -> None:
    assert result["messages lost"] == 0
    assert result["awards without email"] == 0
    assert result["emails, distinct keys"] == len(entity_ids) == AWARDS
    # A resend can only come from a delivery cut off between sending and recording it.
    assert result["duplicate emails seen"] <= result["interruptions"]
    assert result["index drift"] == 0
    assert Assertion.objects.count() == AWARDS


def test_a_worker_killed_mid_delivery_loses_no_award_email_or_index_update(workers, broker):
    with celery_broker(broker.url):
        first = workers.start()
        entity_ids = make_awards()
        wait_for(lambda: len(award_keys(workers.mail_dir)) >= AWARDS // 4, 180, "emails")
        workers.kill(first)
        left_at_cut = undelivered()
        assert left_at_cut > 0, "the worker finished before it could be killed"
        workers.start()
        drain_until_delivered()
    result = figures(entity_ids, workers.mail_dir, 1, "SIGKILL", left_at_cut)
    assert_every_effect_once(result, entity_ids)


def test_a_redis_restart_mid_delivery_loses_no_award_email_or_index_update(workers, broker):
    with celery_broker(broker.url):
        workers.start()
        entity_ids = make_awards()
        wait_for(lambda: len(award_keys(workers.mail_dir)) >= AWARDS // 4, 180, "emails")
        broker.stop()  # every queued task is gone with it
        broker.start()
        left_at_cut = undelivered()
        assert left_at_cut > 0, "the worker finished before Redis could be restarted"
        drain_until_delivered()
    result = figures(entity_ids, workers.mail_dir, 1, "Redis restart", left_at_cut)
    assert_every_effect_once(result, entity_ids)
