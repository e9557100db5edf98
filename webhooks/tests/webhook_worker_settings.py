"""Settings of the worker processes that test_webhooks_worker starts and kills: the test
settings, with tasks on the broker and beat sweeping for due deliveries every half second
(the retry schedule, timeout and allowed hosts come from the environment, as in production)."""

from portal.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_BEAT_SCHEDULE = {
    "outbox-drain": {"task": "portal.outbox_drain", "schedule": 1.0},
    "webhooks-sweep": {"task": "badges.webhooks_sweep", "schedule": 0.5},
}
