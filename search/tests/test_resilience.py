"""Search under stress: rebuilds while badges are written, and Elasticsearch going away."""

import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from badges.models import BadgeClass
from badges.services.badge_classes import (
    badge_class_archive,
    badge_class_delete,
    badge_class_update,
)
from badges.tests.factories import make_badge, make_issuer
from outbox import delivery
from outbox.models import OutboxMessage
from outbox.tasks import outbox_drain
from search import get_backend
from search.backends import elasticsearch as elasticsearch_backend
from search.services import documents, index_rebuild
from search.types import BADGES, SearchQuery

from .conftest import configure, drop_indices, make_catalogue

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "scripts" / "services"
# Beside the shared node on 9201 (transport 9301); this one's transport port is 9302.
OWN_NODE_PORT = 9202


def names(backend, text: str) -> list[str]:
    results = backend.search(SearchQuery(index=BADGES, text=text, page_size=100))
    return sorted(hit.fields["name"] for hit in results.hits)


@pytest.fixture(
    params=[
        pytest.param("postgres", id="postgres"),
        pytest.param("elasticsearch", id="elasticsearch", marks=pytest.mark.elasticsearch),
    ]
)
def committed_backend(request, settings, transactional_db):
    """A backend for tests whose writes really commit (threads, after-commit delivery)."""
    if connection.vendor != "postgresql":
        # SQLite's test database cannot be shared by a second thread while one writes.
        pytest.skip("concurrent writers need the PostgreSQL test database")
    configure(settings, request.param)
    backend = get_backend()
    yield backend
    drop_indices(backend)


def test_a_rebuild_while_badges_are_written_leaves_no_drift(committed_backend):
    issuer = make_issuer(name="Busy College")
    for number in range(120):
        make_badge(issuer, name=f"Course {number}", description=f"Lesson plan {number}.")
    errors: list[BaseException] = []
    stop = threading.Event()

    def write():
        # Creates, renames, archives and deletes, each committed with its outbox delivery.
        try:
            number = 0
            while not stop.is_set() or number < 30:
                badge = make_badge(issuer, name=f"Late course {number}")
                badge_class_update(badge_class=badge, user=None, name=f"Renamed course {number}")
                if number % 3 == 0:
                    badge_class_archive(badge_class=badge, user=None)
                if number % 5 == 0:
                    badge_class_delete(badge_class=badge, user=None)
                number += 1
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        index_rebuild(kind=BADGES)
        index_rebuild(kind=BADGES)
    finally:
        stop.set()
        writer.join(timeout=120)
    assert not errors, errors
    report = committed_backend.reconcile(BADGES, documents(BADGES), repair=False)
    assert (report.missing, report.stale, report.extra) == (0, 0, 0)
    expected = BadgeClass.objects.filter(archived=False, is_public=True).count()
    assert committed_backend.search(SearchQuery(index=BADGES)).total == expected
    assert names(committed_backend, "renamed")[:1] == ["Renamed course 1"]


@pytest.mark.elasticsearch
def services(command: str, port: int) -> None:
    """scripts/services COMMAND elasticsearch for the node on this HTTP port."""
    subprocess.run(
        ["bash", str(SERVICES), command, "elasticsearch"],
        env={**os.environ, "LAUREL_ES_PORT": str(port)},
        check=True,
        capture_output=True,
        timeout=240,
    )


@pytest.fixture
def own_node():
    """A real one-node Elasticsearch of this test's own, which it may stop and start again
    without taking away the cluster the other tests use."""
    services("up", OWN_NODE_PORT)
    yield f"http://127.0.0.1:{OWN_NODE_PORT}"
    services("down", OWN_NODE_PORT)
    shutil.rmtree(ROOT / "var" / "services" / f"elasticsearch-{OWN_NODE_PORT}", ignore_errors=True)


@pytest.mark.elasticsearch
def test_with_elasticsearch_stopped_saves_succeed_search_falls_back_and_the_outbox_catches_up(
    own_node, settings, transactional_db, caplog, monkeypatch
):
    configure(settings, "elasticsearch")
    live = {**settings.LAUREL_SEARCH["default"], "URL": own_node, "TIMEOUT": 2}
    settings.LAUREL_SEARCH = {"default": live}
    # Ask the node again at once after it failed, instead of 15 s later.
    monkeypatch.setattr(elasticsearch_backend, "RETRY_AFTER_SECONDS", 0.0)
    make_catalogue()
    index_rebuild(kind=BADGES)
    backend = get_backend()
    assert backend.health().ok
    indexed = backend.client.count(index=backend.alias_name(BADGES))["count"]

    services("down", OWN_NODE_PORT)  # Elasticsearch stops mid-run
    assert not backend.health().ok
    assert "answers from the database" in backend.health().detail
    issuer = make_issuer(name="Storm College")
    badge = make_badge(issuer, name="Storm Sailing", description="Sail in a gale.")
    assert BadgeClass.objects.filter(pk=badge.pk).exists(), "the save itself succeeded"
    waiting = OutboxMessage.objects.filter(topic="search.index", delivered_at__isnull=True)
    assert waiting.exists()
    assert all(message.attempts >= 1 for message in waiting)
    assert "Connection" in waiting.first().last_error
    assert names(backend, "python") == ["Data Analysis with Pandas", "Python Programming",
                                        "Teaching with Python"]  # fmt: skip
    assert [s.text for s in backend.suggest("pyth")][:1] == ["Python Programming"]
    assert "answered from the database" in caplog.text

    services("up", OWN_NODE_PORT)  # it comes back, with the index it had
    assert backend.health().ok
    assert backend.client.count(index=backend.alias_name(BADGES))["count"] == indexed
    waiting.update(available_at=timezone.now())
    outbox_drain()
    assert not waiting.exists(), "the retried messages were delivered"
    assert backend.client.count(index=backend.alias_name(BADGES))["count"] == indexed + 1
    assert names(backend, "storm") == ["Storm Sailing"]
    hit = backend.search(SearchQuery(index=BADGES, text="sailing")).hits[0]
    assert hit.fields["issuer"] == "Storm College"
    assert backend.reconcile(BADGES, documents(BADGES), repair=False).drift == 0
    drop_indices(backend)


def test_a_batch_that_fails_is_retried_as_a_whole_later(settings, db):
    """Outbox batches: one failing delivery leaves every message of its batch waiting."""
    calls: list[int] = []

    @delivery.handles_batch("test.batch")
    def failing(payloads):
        calls.append(len(payloads))
        raise RuntimeError("engine down")

    try:
        messages = [OutboxMessage(topic="test.batch", payload={"n": n}) for n in range(3)]
        ids = [message.pk for message in OutboxMessage.objects.bulk_create(messages)]
        assert delivery.deliver(ids[0]) is False
        assert calls == [3]
        messages = OutboxMessage.objects.filter(pk__in=ids)
        assert {(m.attempts, m.delivered_at) for m in messages} == {(1, None)}
        assert delivery.pending() == []
    finally:
        delivery._batch_handlers.pop("test.batch", None)
