"""Search tasks: the nightly reconcile that repairs index drift nobody noticed."""

from celery import shared_task

from .services import index_reconcile
from .types import KINDS


@shared_task(name="search.reconcile")
def reconcile() -> dict[str, int]:
    """Repair every kind's index; returns how many documents each had drifted by."""
    return {kind: index_reconcile(kind=kind).drift for kind in KINDS}
