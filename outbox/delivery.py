"""Handing messages to their handlers: the registry of handlers by topic, and delivery with retries.

Handlers must be idempotent: a message whose delivery failed is retried, handlers and all,
until it succeeds.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

Handler = Callable[..., None]
BatchHandler = Callable[[list[dict]], None]
_handlers: dict[str, list[Handler]] = defaultdict(list)
_batch_handlers: dict[str, list[BatchHandler]] = defaultdict(list)
_given_message_id: set[Handler] = set()

MAX_ATTEMPTS = 8
BATCH_SIZE = 500


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
