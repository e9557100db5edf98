"""Project-wide tasks: outbox delivery and a ping that proves a worker consumes from the broker."""

import os

from celery import shared_task

from . import outbox


@shared_task(name="portal.ping")
def ping(value: str = "pong") -> dict:
    """Answer with the value and the process id, so a caller sees which process served it."""
    return {"value": value, "pid": os.getpid()}


@shared_task(name="portal.outbox_deliver", acks_late=True)
def outbox_deliver(message_id: int) -> bool:
    return outbox.deliver(message_id)


@shared_task(name="portal.outbox_deliver_many", acks_late=True)
def outbox_deliver_many(message_ids: list[int]) -> int:
    """Messages written together (emit_many), each delivered in its own transaction, so an
    interrupted task redelivered by the broker repeats at most the message it was cut in."""
    return sum(outbox.deliver(message_id) for message_id in message_ids)


@shared_task(name="portal.outbox_drain")
def outbox_drain() -> int:
    """Deliver every due message; run by beat so nothing waits forever on a lost queue entry."""
    return sum(outbox.deliver(message_id) for message_id in outbox.pending())
