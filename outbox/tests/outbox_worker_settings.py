"""Settings of the worker processes that test_outbox_failure starts and kills: the test
settings, with tasks on the broker and emails written to files the test counts."""

import os

from portal.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_IGNORE_RESULT = True
# A task taken by a killed worker goes back to the queue after this many seconds, not an hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "visibility_timeout": 5}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["LAUREL_TEST_MAIL_DIR"]
