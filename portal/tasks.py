"""Project-wide tasks: a ping that proves a worker consumes from the broker."""

import os

from celery import shared_task


@shared_task(name="portal.ping")
def ping(value: str = "pong") -> dict:
    """Answer with the value and the process id, so a caller sees which process served it."""
    return {"value": value, "pid": os.getpid()}
