"""Search under stress: rebuilds while badges are written, and Elasticsearch going away."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from badges import services as badge_services
from badges.models import BadgeClass
from badges.tests.factories import make_badge, make_issuer
from portal import outbox
from portal.outbox import OutboxMessage
from portal.tasks import outbox_drain
from search import get_backend
from search.documents import documents
from search.services import index_rebuild
from search.types import BADGES, SearchQuery

from .conftest import configure, drop_indices, make_catalogue


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
                badge_services.badge_class_update(
                    badge_class=badge, user=None, name=f"Renamed course {number}"
                )
                if number % 3 == 0:
                    badge_services.badge_class_archive(badge_class=badge, user=None)
                if number % 5 == 0:
                    badge_services.badge_class_delete(badge_class=badge, user=None)
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
def test_with_elasticsearch_unreachable_saves_succeed_search_falls_back_and_the_outbox_catches_up(
    settings, transactional_db, caplog
):
    configure(settings, "elasticsearch")
    live = dict(settings.LAUREL_SEARCH["default"])
    make_catalogue()
    index_rebuild(kind=BADGES)
    # Nothing listens on port 9: Elasticsearch is "down" for this test, not for the others.
    settings.LAUREL_SEARCH = {"default": {**live, "URL": "http://127.0.0.1:9", "TIMEOUT": 2}}
    down = get_backend()
    try:
        assert not down.health().ok
        assert "answers from the database" in down.health().detail

        issuer = make_issuer(name="Storm College")
        badge = make_badge(issuer, name="Storm Sailing", description="Sail in a gale.")
        assert BadgeClass.objects.filter(pk=badge.pk).exists(), "the save itself succeeded"
        waiting = OutboxMessage.objects.filter(topic="search.index", delivered_at__isnull=True)
        assert waiting.exists()
        assert all(message.attempts >= 1 for message in waiting)
        assert "Connection" in waiting.first().last_error

        assert names(down, "python") == ["Data Analysis with Pandas", "Python Programming",
                                         "Teaching with Python"]  # fmt: skip
        assert [s.text for s in down.suggest("pyth")][:1] == ["Python Programming"]
        assert "answered from the database" in caplog.text

        # Elasticsearch is back: the retried messages bring it up to date.
        settings.LAUREL_SEARCH = {"default": live}
        waiting.update(available_at=timezone.now())
        outbox_drain()
        assert not waiting.exists()
        back = get_backend()
        assert names(back, "storm") == ["Storm Sailing"]
        hit = back.search(SearchQuery(index=BADGES, text="sailing")).hits[0]
        assert hit.fields["issuer"] == "Storm College"
        assert back.reconcile(BADGES, documents(BADGES), repair=False).drift == 0
    finally:
        settings.LAUREL_SEARCH = {"default": live}


def test_a_batch_that_fails_is_retried_as_a_whole_later(settings, db):
    """Outbox batches: one failing delivery leaves every message of its batch waiting."""
    calls: list[int] = []

    @outbox.handles_batch("test.batch")
    def failing(payloads):
        calls.append(len(payloads))
        raise RuntimeError("engine down")

    try:
        messages = [OutboxMessage(topic="test.batch", payload={"n": n}) for n in range(3)]
        ids = [message.pk for message in OutboxMessage.objects.bulk_create(messages)]
        assert outbox.deliver(ids[0]) is False
        assert calls == [3]
        messages = OutboxMessage.objects.filter(pk__in=ids)
        assert {(m.attempts, m.delivered_at) for m in messages} == {(1, None)}
        assert outbox.pending() == []
    finally:
        outbox._batch_handlers.pop("test.batch", None)
