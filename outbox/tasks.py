"""Outbox delivery tasks: right after commit, and a drain run by beat for what was missed."""

from celery import shared_task

from . import delivery

# The task names predate this app (the outbox was part of the portal): the beat schedule in
# settings and messages already queued on the broker call them by these names.


@shared_task(name="portal.outbox_deliver", acks_late=True)
def outbox_deliver(message_id: int) -> bool:
    return delivery.deliver(message_id)


@shared_task(name="portal.outbox_deliver_many", acks_late=True)
def outbox_deliver_many(message_ids: list[int]) -> int:
    """Messages written together (emit_many), each delivered in its own transaction, so an
    interrupted task redelivered by the broker repeats at most the message it was cut in."""
    return sum(delivery.deliver(message_id) for message_id in message_ids)


@shared_task(name="portal.outbox_drain")
def outbox_drain() -> int:
    """Deliver every due message; run by beat so nothing waits forever on a lost queue entry."""
    return sum(delivery.deliver(message_id) for message_id in delivery.pending())
