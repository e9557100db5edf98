"""Issuing tasks: writing a queued batch of awards; the daily review digest; expiry reminders."""

from celery import shared_task

from .models import AwardJob, AwardJobKind
from .services.awards import award_job_run as run


@shared_task(name="badges.award_job_run", acks_late=True)
def award_job_run(job_id: int) -> str:
    job = AwardJob.objects.filter(pk=job_id).select_related("badge_class__issuer").first()
    if job is None:
        return "gone"
    if job.kind == AwardJobKind.RENEW:
        from .services.renewals import renew_job_run

        return renew_job_run(job=job).status
    return run(job=job).status


@shared_task(name="badges.review_digest")
def review_digest() -> int:
    from .notifications import send_review_digests

    return send_review_digests()


@shared_task(name="badges.expiry_reminders")
def expiry_reminders() -> int:
    from .services.reminders import expiry_reminders_send

    return expiry_reminders_send()
