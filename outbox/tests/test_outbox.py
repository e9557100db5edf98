import pytest

from outbox import delivery, services
from outbox.delivery import handles
from outbox.models import OutboxMessage
from outbox.services import emit
from outbox.tasks import outbox_drain

pytestmark = pytest.mark.django_db
calls: list[dict] = []


@handles("test.flaky")
def flaky(**payload):
    calls.append(payload)
    if len(calls) == 1:
        raise ConnectionError("the far side is down")


def test_a_message_is_delivered_after_commit_and_retried_until_it_succeeds(
    django_capture_on_commit_callbacks,
):
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = emit("test.flaky", thing=1)
    message.refresh_from_db()
    assert message.delivered_at is None and message.attempts == 1
    assert "the far side is down" in message.last_error

    OutboxMessage.objects.filter(pk=message.pk).update(available_at=message.created_at)
    assert outbox_drain() == 1
    message.refresh_from_db()
    assert message.delivered_at is not None
    assert calls == [{"thing": 1}, {"thing": 1}]
    assert delivery.deliver(message.pk)  # delivering again does nothing
    assert len(calls) == 2


def test_nothing_is_delivered_before_the_transaction_commits(django_capture_on_commit_callbacks):
    calls.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        emit("test.flaky", thing=2)
    assert calls == [] and len(callbacks) == 1


many_calls: list[dict] = []


@handles("test.many")
def many(**payload) -> None:
    many_calls.append(payload)


def test_a_bulk_emit_queues_one_task_per_batch_and_delivers_every_message(
    django_capture_on_commit_callbacks, monkeypatch
):
    many_calls.clear()
    monkeypatch.setattr(delivery, "BATCH_SIZE", 4)
    queued = []
    real = services._schedule_many
    monkeypatch.setattr(services, "_schedule_many", lambda ids: (queued.append(ids), real(ids)))
    with django_capture_on_commit_callbacks(execute=True):
        messages = services.emit_many("test.many", [{"n": n} for n in range(10)])
    assert [len(ids) for ids in queued] == [4, 4, 2]
    assert many_calls == [{"n": n} for n in range(10)]
    undelivered = OutboxMessage.objects.filter(
        pk__in=[m.pk for m in messages], delivered_at__isnull=True
    )
    assert not undelivered.exists()


keyed: list[dict] = []


@handles("test.keyed", message_id=True)
def keyed_handler(**payload):
    keyed.append(payload)


@handles("test.keyed")
def plain_handler(**payload):
    assert "message_id" not in payload


def test_a_handler_that_asks_gets_the_message_id_and_others_do_not(
    django_capture_on_commit_callbacks,
):
    keyed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = emit("test.keyed", thing=3)
    assert keyed == [{"thing": 3, "message_id": message.pk}]
