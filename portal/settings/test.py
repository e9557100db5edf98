"""Test settings: fast hashing, in-memory email, tasks eager unless a test asks for the broker."""

import os
import re

# pytest-xdist runs the tests in several processes at once (gw0, gw1, ...). Each takes its own
# Redis database (cache, throttles, the Celery broker of worker tests) and its own search
# indexes; pytest-django gives each its own test database. Set before base reads them, and in
# the environment, so Celery workers a test starts inherit them.
# Once only: a worker process a test starts inherits the marker with the URLs already chosen,
# and keeps a broker URL the test gives it (outbox/tests/test_outbox_failure.py runs its own).
_XDIST = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST and not os.environ.get("LAUREL_TEST_REDIS_CHOSEN"):
    _number = int(re.sub(r"\D", "", _XDIST) or 0) + 1
    for _name in ("REDIS_URL", "CELERY_BROKER_URL"):
        if os.environ.get(_name):
            os.environ[_name] = re.sub(r"(/\d*)?$", f"/{_number}", os.environ[_name], count=1)
    os.environ["LAUREL_TEST_REDIS_CHOSEN"] = "1"

from .base import *  # noqa: E402, F403
from .base import CACHES, LAUREL_SEARCH, env  # noqa: E402

SECRET_KEY = "laurel-tests-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "evidence": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests send work to the broker only where they mean to (see portal/tests/test_celery.py).
CELERY_TASK_ALWAYS_EAGER = True
# Test indexes never share a name with a site's ("laurel-..."), nor with another worker's.
LAUREL_SEARCH["default"]["INDEX_PREFIX"] = env.str(
    "ELASTICSEARCH_INDEX_PREFIX", default="laurel-test"
) + (f"-{_XDIST}" if _XDIST else "")
# Tests read every write back at once: refresh on write instead of waiting up to a second.
LAUREL_SEARCH["default"].setdefault("REFRESH", "true")

# One process runs the tests and every test starts with an empty cache (conftest.py), also the
# tests without a database: local memory unless REDIS_URL names a Redis. The database cache of
# the embedded default is tested with two real processes (accounts/tests/test_throttle.py).
if CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each run gets its own cache keys, so limits and cached documents never leak between runs.
CACHES["default"]["KEY_PREFIX"] = f"laurel-test-{os.getpid()}"

# Tests change badges with factories, behind the outbox's back: render catalogues every time
# (portal/tests/test_fragments.py turns the cache on to test it).
LAUREL_CATALOGUE_CACHE_SECONDS = 0
