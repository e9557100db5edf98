"""Celery tasks: the scheduled run of every course's award rules."""

from celery import shared_task

from .services.rules import rules_run_all


@shared_task(name="lti.run_rules")
def run_rules() -> int:
    return rules_run_all()
