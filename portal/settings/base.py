"""Settings shared by every environment, read from environment variables (12-factor).

Every variable read here is documented in the settings table of README.md; a test
keeps the two in step.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The public origin used in Open Badges ids and in links sent by email.
LAUREL_BASE_URL = env.str("LAUREL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "portal",
    "accounts",
    "badges",
    "backpack",
    "workspace",
    "discovery",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "badges.api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "oauth2_provider",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First, so even a response made by a later middleware carries the CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL at scale).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'laurel.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: unset means local-memory cache and tasks run in-process.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="laurel"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: the broker is Redis when configured; otherwise tasks run eagerly in-process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = not (REDIS_URL or env.str("CELERY_BROKER_URL", default=""))
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "outbox-drain": {"task": "portal.outbox_drain", "schedule": 60.0},
    # Repairs index drift (a message that ran out of retries, a restored backup) nightly.
    "search-reconcile": {"task": "search.reconcile", "schedule": 24 * 3600.0},
    # Imported badges are verified again, so one revoked since its import shows so.
    "backpack-reverify": {"task": "backpack.reverify_due", "schedule": 3600.0},
}
# Hours after which an imported badge is due to be verified again.
LAUREL_REVERIFY_HOURS = env.int("LAUREL_REVERIFY_HOURS", default=24)

# Search: the database backend unless ELASTICSEARCH_URL is set. See search/backends/.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
LAUREL_SEARCH = {
    "default": (
        {
            "BACKEND": "search.backends.elasticsearch.ElasticsearchBackend",
            "URL": ELASTICSEARCH_URL,
            "INDEX_PREFIX": env.str("ELASTICSEARCH_INDEX_PREFIX", default="laurel"),
            "TIMEOUT": env.float("ELASTICSEARCH_TIMEOUT", default=5.0),
        }
        if ELASTICSEARCH_URL
        else {"BACKEND": "search.backends.database.DatabaseBackend"}
    )
}

# Issuers' signing keys are encrypted at rest with a key derived from this (or SECRET_KEY).
LAUREL_SIGNING_SECRET = env.str("LAUREL_SIGNING_SECRET", default="")

# Files.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email: console unless EMAIL_URL names an SMTP server (smtp://user:pass@host:587, smtp+tls://...).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Laurel <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Accounts: email is the login; allauth's EmailAddress records say which emails are verified.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
# Off: the sign-up page says sign-up is closed (accounts are made by operators or invitations).
LAUREL_SIGNUP_OPEN = env.bool("LAUREL_SIGNUP_OPEN", default=True)
# Sign in with another service: a comma list of allauth provider ids (github, google, orcid,
# microsoft, ...), each with LAUREL_SOCIAL_<ID>_CLIENT_ID and LAUREL_SOCIAL_<ID>_SECRET. None by
# default. Emails a provider vouches for count as verified only if the provider verified them.
LAUREL_SOCIAL_PROVIDERS = env.list("LAUREL_SOCIAL_PROVIDERS", default=[])
INSTALLED_APPS += [f"allauth.socialaccount.providers.{p}" for p in LAUREL_SOCIAL_PROVIDERS]
SOCIALACCOUNT_PROVIDERS = {
    provider: {
        "APPS": [
            {
                "client_id": env.str(f"LAUREL_SOCIAL_{provider.upper()}_CLIENT_ID", default=""),
                "secret": env.str(f"LAUREL_SOCIAL_{provider.upper()}_SECRET", default=""),
            }
        ]
    }
    for provider in LAUREL_SOCIAL_PROVIDERS
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Wagtail.
WAGTAIL_SITE_NAME = env.str("LAUREL_SITE_NAME", default="Laurel")
WAGTAILADMIN_BASE_URL = LAUREL_BASE_URL
# No third-party avatar requests from the admin: Laurel serves everything itself.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "oauth2_provider.contrib.rest_framework.OAuth2Authentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

# OAuth2 provider and the Badgr-compatible REST API v2 (badges/api/, accounts/oauth.py).
OAUTH2_PROVIDER = {
    "SCOPES": {
        "r:profile": "See your profile and email addresses",
        "rw:profile": "Change your profile and manage your access tokens",
        "r:backpack": "See the badges in your backpack and your collections",
        "rw:backpack": "Accept, reject and organise the badges in your backpack",
        "rw:issuer": "Manage the issuers you belong to: badge classes, awards and revocations",
    },
    # Plus rw:issuer:<issuer id>, a token limited to one issuer (accounts/oauth.py).
    "DEFAULT_SCOPES": ["r:profile", "r:backpack"],
    "OAUTH2_VALIDATOR_CLASS": "accounts.oauth.LaurelOAuth2Validator",
    "SCOPES_BACKEND_CLASS": "accounts.oauth.LaurelScopes",
    "ACCESS_TOKEN_EXPIRE_SECONDS": env.int("OAUTH_ACCESS_TOKEN_SECONDS", default=86400),
    "REFRESH_TOKEN_EXPIRE_SECONDS": env.int("OAUTH_REFRESH_TOKEN_SECONDS", default=30 * 86400),
    "PKCE_REQUIRED": True,
    # Badgr's clients sign in with the password grant (RFC 9700 discourages it); keep it on.
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": False,
}
LAUREL_OAUTH_PUBLIC_CLIENT_ID = env.str("LAUREL_OAUTH_PUBLIC_CLIENT_ID", default="public")
LAUREL_PERSONAL_TOKEN_DAYS = env.int("LAUREL_PERSONAL_TOKEN_DAYS", default=365)
# Failed /o/token requests allowed per user and per client IP within the window (seconds).
LAUREL_TOKEN_FAILURES_PER_USER = env.int("LAUREL_TOKEN_FAILURES_PER_USER", default=5)
LAUREL_TOKEN_FAILURES_PER_IP = env.int("LAUREL_TOKEN_FAILURES_PER_IP", default=30)
LAUREL_TOKEN_FAILURE_WINDOW = env.int("LAUREL_TOKEN_FAILURE_WINDOW", default=900)
SPECTACULAR_SETTINGS = {
    "TITLE": "Laurel API",
    "DESCRIPTION": (
        "Badgr Server v2 compatible REST API. Authenticate with an OAuth2 bearer token "
        "from /o/token; each operation names the scopes it needs. Guide: docs/api.md."
    ),
    "VERSION": "2.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["badges.api.schema.only_api_paths"],
    "OAUTH2_FLOWS": ["password", "authorizationCode", "clientCredentials"],
    "OAUTH2_TOKEN_URL": "/o/token",
    "OAUTH2_AUTHORIZATION_URL": "/o/authorize/",
    "OAUTH2_REFRESH_URL": "/o/token",
}

# Discovery API: public, readable from any origin (CORS on its paths only), throttled per client.
CORS_URLS_REGEX = r"^/api/discovery/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "OPTIONS")
DISCOVERY_API_THROTTLE_RATE = env.str("DISCOVERY_API_THROTTLE_RATE", default="120/minute")

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# The search documents' covering index (INCLUDE columns) is for PostgreSQL's index-only facet
# counts; SQLite keeps the plain index, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "elastic_transport": {"level": "WARNING"},
        # Tasks run in-process (no broker): a line per task would drown the server's own log.
        **({"celery.app.trace": {"level": "WARNING"}} if CELERY_TASK_ALWAYS_EAGER else {}),
        # Wagtail's background tasks (reference index) run in-process: two lines a page save.
        "django_tasks": {"level": "WARNING"},
    },
}

# Safe fetching of documents on other servers (badge import and verification): public
# addresses only, bounded in time and size (badges/openbadges/fetch.py). Allowed hosts are
# "host:port" entries fetched even at private addresses; by default Laurel's own origin, so a
# development server can verify the badges it issues.
LAUREL_FETCH_TIMEOUT = env.float("LAUREL_FETCH_TIMEOUT", default=5.0)
LAUREL_FETCH_MAX_BYTES = env.int("LAUREL_FETCH_MAX_BYTES", default=2 * 1024 * 1024)
LAUREL_FETCH_MAX_REDIRECTS = env.int("LAUREL_FETCH_MAX_REDIRECTS", default=3)
_base = urlsplit(LAUREL_BASE_URL)
_base_host = f"[{_base.hostname}]" if ":" in (_base.hostname or "") else _base.hostname
_base_port = _base.port or (443 if _base.scheme == "https" else 80)
LAUREL_FETCH_ALLOWED_HOSTS = env.list(
    "LAUREL_FETCH_ALLOWED_HOSTS", default=[f"{_base_host}:{_base_port}"]
)
