"""The outbox: effects outside the database are recorded with the write and delivered after commit.

A service calls `emit(topic, **payload)` inside its transaction. After commit a task hands
the message to every handler registered for the topic. Handlers must be idempotent: a
message whose delivery failed is retried, handlers and all, until it succeeds.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta

from django.db import models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

Handler = Callable[..., None]
BatchHandler = Callable[[list[dict]], None]
_handlers: dict[str, list[Handler]] = defaultdict(list)
_batch_handlers: dict[str, list[BatchHandler]] = defaultdict(list)
_given_message_id: set[Handler] = set()

MAX_ATTEMPTS = 8
BATCH_SIZE = 500


class OutboxMessage(models.Model):
    topic = models.CharField(max_length=100, db_index=True)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    available_at = models.DateTimeField(default=timezone.now, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        app_label = "portal"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk}"


def handles(topic: str, *, message_id: bool = False) -> Callable[[Handler], Handler]:
    """Register a function to receive every message of a topic as keyword arguments.

    With message_id=True it also gets the message's id as `message_id`, a key that stays the
    same when the message is delivered again (webhooks record one delivery per message)."""

    def register(handler: Handler) -> Handler:
        if handler not in _handlers[topic]:
            _handlers[topic].append(handler)
        if message_id:
            _given_message_id.add(handler)
        return handler

    return register


def handles_batch(topic: str) -> Callable[[BatchHandler], BatchHandler]:
    """Register a function to receive due messages of a topic together, as a list of payloads.

    For effects far cheaper in bulk (search indexing): delivering one message of the topic
    takes up to BATCH_SIZE due messages of it along; they succeed or are retried together.
    """

    def register(handler: BatchHandler) -> BatchHandler:
        if handler not in _batch_handlers[topic]:
            _batch_handlers[topic].append(handler)
        return handler

    return register


def emit(topic: str, **payload) -> OutboxMessage:
    """Record a message in the current transaction; it is delivered once that commits."""
    message = OutboxMessage.objects.create(topic=topic, payload=payload)
    transaction.on_commit(lambda: _schedule(message.pk))
    return message


def emit_many(topic: str, payloads: list[dict]) -> list[OutboxMessage]:
    """emit() for many messages of one topic, written in bulk (a batch of awards)."""
    messages = OutboxMessage.objects.bulk_create(
        [OutboxMessage(topic=topic, payload=payload) for payload in payloads], batch_size=1000
    )
    ids = [message.pk for message in messages]
    # One task per BATCH_SIZE messages, delivering them one after another: queueing a task
    # per message cost more than writing the awards.
    chunks = [ids[start : start + BATCH_SIZE] for start in range(0, len(ids), BATCH_SIZE)]
    transaction.on_commit(lambda: [_schedule_many(chunk) for chunk in chunks])
    return messages


def _schedule(message_id: int) -> None:
    from .tasks import outbox_deliver

    try:
        outbox_deliver.delay(message_id)
    except Exception:  # the broker is down: outbox_drain picks the message up later
        logger.warning("Could not queue outbox message %s; it waits for the drain", message_id)


def _schedule_many(message_ids: list[int]) -> None:
    from .tasks import outbox_deliver_many

    try:
        outbox_deliver_many.delay(message_ids)
    except Exception:
        logger.warning(
            "Could not queue %s outbox messages; they wait for the drain", len(message_ids)
        )


def deliver(message_id: int) -> bool:
    """Run the handlers of one message; True when it is (or already was) delivered."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, delivered_at__isnull=True)
            .first()
        )
        if message is None:
            return True
        batch = [message]
        if _batch_handlers.get(message.topic):
            batch += (
                _due()
                .filter(topic=message.topic)
                .exclude(pk=message.pk)
                .select_for_update(skip_locked=True)[: BATCH_SIZE - 1]
            )
        try:
            with transaction.atomic():  # a savepoint, so a failed handler leaves no writes
                for handler in _handlers.get(message.topic, []):
                    for each in batch:
                        extra = {"message_id": each.pk} if handler in _given_message_id else {}
                        handler(**each.payload, **extra)
                for batch_handler in _batch_handlers.get(message.topic, []):
                    batch_handler([each.payload for each in batch])
        except Exception as exc:
            for each in batch:
                each.attempts += 1
                each.last_error = f"{type(exc).__name__}: {exc}"
                each.available_at = timezone.now() + timedelta(seconds=30 * 2**each.attempts)
                each.save(update_fields=["attempts", "last_error", "available_at"])
            logger.exception(
                "Outbox message %s (%s) failed, with %s more of its batch",
                message.pk,
                message.topic,
                len(batch) - 1,
            )
            return False
        OutboxMessage.objects.filter(pk__in=[each.pk for each in batch]).update(
            delivered_at=timezone.now()
        )
        return True


def _due():
    return OutboxMessage.objects.filter(
        delivered_at__isnull=True, available_at__lte=timezone.now(), attempts__lt=MAX_ATTEMPTS
    )


def pending(limit: int = 500) -> list[int]:
    """Ids of undelivered messages that are due, oldest first."""
    return list(_due().values_list("pk", flat=True)[:limit])
