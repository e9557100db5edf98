"""The outbox: effects outside the database are recorded with the write and delivered after commit.

A service calls `emit(topic, **payload)` inside its transaction. After commit a task hands
the message to every handler registered for the topic (delivery.py).
"""

import logging

from django.db import transaction

from . import delivery
from .models import OutboxMessage
from .tasks import outbox_deliver, outbox_deliver_many

logger = logging.getLogger(__name__)


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
    size = delivery.BATCH_SIZE
    chunks = [ids[start : start + size] for start in range(0, len(ids), size)]
    transaction.on_commit(lambda: [_schedule_many(chunk) for chunk in chunks])
    return messages


def _schedule(message_id: int) -> None:
    try:
        outbox_deliver.delay(message_id)
    except Exception:  # the broker is down: outbox_drain picks the message up later
        logger.warning("Could not queue outbox message %s; it waits for the drain", message_id)


def _schedule_many(message_ids: list[int]) -> None:
    try:
        outbox_deliver_many.delay(message_ids)
    except Exception:
        logger.warning(
            "Could not queue %s outbox messages; they wait for the drain", len(message_ids)
        )
