"""Webhook tasks: one attempt at a delivery, and the sweep that queues every due delivery.

The task names keep the "badges." prefix they had before webhooks became an app of their own:
the beat schedule (portal/settings) and queued messages name them so."""

from celery import shared_task

from . import delivery


@shared_task(name="badges.webhook_deliver", acks_late=True)
def webhook_deliver(delivery_id: int) -> str:
    """One attempt at a delivery, if it is due (a second copy of the task finds it is not)."""
    attempted = delivery.attempt(delivery_id)
    return "not due" if attempted is None else attempted.status


@shared_task(name="badges.webhooks_sweep")
def webhooks_sweep() -> int:
    """Queue every due delivery: retries, and those whose worker was lost mid-attempt."""
    ids = delivery.due()
    for delivery_id in ids:
        webhook_deliver.delay(delivery_id)
    return len(ids)
