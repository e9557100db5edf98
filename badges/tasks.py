"""Issuing tasks: writing a queued batch of awards; sending webhook deliveries."""

from celery import shared_task

from . import webhooks
from .models import AwardJob
from .services import award_job_run as run


@shared_task(name="badges.award_job_run", acks_late=True)
def award_job_run(job_id: int) -> str:
    job = AwardJob.objects.filter(pk=job_id).select_related("badge_class__issuer").first()
    if job is None:
        return "gone"
    return run(job=job).status


@shared_task(name="badges.webhook_deliver", acks_late=True)
def webhook_deliver(delivery_id: int) -> str:
    """One attempt at a delivery, if it is due (a second copy of the task finds it is not)."""
    delivery = webhooks.attempt(delivery_id)
    return "not due" if delivery is None else delivery.status


@shared_task(name="badges.webhooks_sweep")
def webhooks_sweep() -> int:
    """Queue every due delivery: retries, and those whose worker was lost mid-attempt."""
    ids = webhooks.due()
    for delivery_id in ids:
        webhook_deliver.delay(delivery_id)
    return len(ids)


@shared_task(name="badges.review_digest")
def review_digest() -> int:
    from .notifications import send_review_digests

    return send_review_digests()
