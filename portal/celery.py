"""The Celery app: Redis as broker when REDIS_URL is set, in-process (eager) tasks otherwise."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("laurel")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
