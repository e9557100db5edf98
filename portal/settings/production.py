"""Production settings: SECRET_KEY required, secure cookies and headers behind a TLS proxy."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

GENERATE_KEY = (
    "generate one with `python -c 'import secrets; print(secrets.token_urlsafe(50))'` and set "
    "SECRET_KEY in the environment of every web, worker and beat process."
)
# Values that appear in examples, templates and other projects' docs: public, so not secret.
KNOWN_EXAMPLE_KEYS = {
    "change-me-to-a-long-random-string",
    "laurel-tests-only-not-secret",
    "django-insecure-change-me",
    "changeme",
    "change-me",
    "secret",
    "your-secret-key",
    "your-secret-key-here",
}
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        f"SECRET_KEY is not set. Production needs a long random secret: {GENERATE_KEY}"
    )
if (
    SECRET_KEY.strip().lower() in KNOWN_EXAMPLE_KEYS
    or SECRET_KEY.startswith("django-insecure")
    or "change-me" in SECRET_KEY.lower()
):
    raise ImproperlyConfigured(
        f"SECRET_KEY is an example value, known to anyone who read it; {GENERATE_KEY}"
    )
if len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH:
    raise ImproperlyConfigured(
        f"SECRET_KEY is {len(SECRET_KEY)} characters long; production needs at least "
        f"{SECRET_KEY_MIN_LENGTH} random characters: {GENERATE_KEY}"
    )

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading is hard to undo (browsers ship the list), so it is the operator's call.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REDIRECT_EXEMPT = [r"^health$"]
