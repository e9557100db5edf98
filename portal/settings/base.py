"""Settings shared by every environment, read from environment variables (12-factor).

Every variable read here is documented in the settings table of README.md; a test
keeps the two in step.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

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
    "webhooks",
    "backpack",
    "certificates",
    "workspace",
    "discovery",
    "search",
    "outbox",
    "stats",
    "sso",
    # The Open Badges 3.0 API and Badge Connect (2.1): the backpack as a standard host.
    "obapi",
    "wallets",
    "lti",
    # Pages in several languages: editors translate a page and see what is out of date.
    "wagtail_localize",
    "wagtail_localize.locales",
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
    "csp",
    "oauth2_provider",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    # Institutional sign-in (sso/): the protocols are allauth's, configured per institution.
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
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
    # Content-Security-Policy (per part of the site) and Permissions-Policy: web/security.py.
    "web.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in user's saved language counts (web/i18n.py).
    "web.i18n.LanguageMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Security headers. The portal runs no inline script or style without the request's nonce
# (`{{ request.csp_nonce }}`); X-Content-Type-Options, Referrer-Policy and Cross-Origin-Opener-
# Policy come from Django's SecurityMiddleware. See README, "Security".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # Imported badges may show their issuer's image from elsewhere; images run no script.
        "img-src": [SELF, "data:", "https:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # Pages meant to be embedded lift this with web.security.frameable.
        "frame-ancestors": [NONE],
    }
}
# What parts built on other projects' templates need on top (first matching prefix wins).
LAUREL_CSP_PATH_POLICIES = {
    # The consent form's answer redirects to the client's own redirect URI.
    "/o/authorize/": {"form-action": None},
    # Connecting another backpack answers with a redirect to that site's consent page (obapi).
    "/accounts/backpacks/": {"form-action": None},
    # The LTI deep-linking answer is a form posted to the LMS's return URL.
    "/lti/pick/": {"form-action": None},
    # Wagtail's admin still writes some inline scripts (date pickers, inline panels) and
    # styles, and frames its own pages for previews.
    "/admin/": {
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", "https:"],
        "frame-ancestors": [SELF],
    },
    # The badge studio's live preview shows the drawn badge as a blob: image (which the page
    # itself made, so reading it back is no request to anywhere).
    "/issue/": {
        "img-src": [SELF, "data:", "blob:", "https:"],
        "connect-src": [SELF, "blob:", "data:"],
    },
    # Swagger UI's page carries an inline <style>; its script is served apart (split view).
    "/api/docs/": {"style-src": [SELF, UNSAFE_INLINE]},
}
LAUREL_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL at scale).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'laurel.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: unset means the cache is a database table and tasks run in-process.
REDIS_URL = env.str("REDIS_URL", default="")
# The database cache's table, made by a migration (portal/migrations/0007): every worker
# process of the machine shares it, so sign-in limits and cached pages are the same in each.
LAUREL_CACHE_TABLE = "laurel_cache"
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
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": LAUREL_CACHE_TABLE,
            # Room enough that a flood of new keys cannot cull the failure counters.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# Celery: the broker is Redis when configured; otherwise tasks run eagerly in-process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://localhost/")
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
    # Webhook deliveries that are due (a retry, or one whose worker was lost) are sent.
    "webhooks-sweep": {
        "task": "badges.webhooks_sweep",
        "schedule": env.float("LAUREL_WEBHOOK_SWEEP_SECONDS", default=60.0),
    },
    # Reviewers who chose a daily digest of new applications get it (checked hourly, sent daily).
    "review-digest": {"task": "badges.review_digest", "schedule": 3600.0},
    # Learners whose awards expire soon are reminded (once per award and threshold).
    "expiry-reminders": {"task": "badges.expiry_reminders", "schedule": 24 * 3600.0},
    # Institutions' SAML metadata URLs are fetched again when due (hourly check).
    "sso-metadata": {"task": "sso.refresh_metadata", "schedule": 3600.0},
    # LTI award rules read every course's grades and roster and award who meets them.
    "lti-rules": {
        "task": "lti.run_rules",
        "schedule": env.float("LAUREL_LTI_RULES_SECONDS", default=3600.0),
    },
}
# Days before an award expires that its recipient is reminded by email.
LAUREL_EXPIRY_REMINDER_DAYS = [
    int(days) for days in env.list("LAUREL_EXPIRY_REMINDER_DAYS", default=["30", "7"])
]
# Applications: the largest evidence file, and how long a reviewer holds one they took.
LAUREL_APPLICATION_MAX_FILE_MB = env.int("LAUREL_APPLICATION_MAX_FILE_MB", default=20)
LAUREL_REVIEW_HOLD_MINUTES = env.int("LAUREL_REVIEW_HOLD_MINUTES", default=60)
# How long a learner's "Add to a wallet" exchange (QR code, link, credential offer) stays open.
LAUREL_WALLET_EXCHANGE_MINUTES = env.int("LAUREL_WALLET_EXCHANGE_MINUTES", default=15)
# Hours after which an imported badge is due to be verified again.
LAUREL_REVERIFY_HOURS = env.int("LAUREL_REVERIFY_HOURS", default=24)
# Seconds a catalogue page's rendered badge cards stay cached (0: render every time); any
# change to a badge class, issuer or page replaces them at once (portal/fragments.py).
LAUREL_CATALOGUE_CACHE_SECONDS = env.int("LAUREL_CATALOGUE_CACHE_SECONDS", default=300)

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
# Where outbox handlers write the pre-rendered public documents that the front server
# (deploy/nginx/laurel.conf) serves without the app; empty: off, the views answer everything.
LAUREL_PUBLISH_ROOT = env.str("LAUREL_PUBLISH_ROOT", default="")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Application evidence: never under MEDIA_URL; served only by an authorised view.
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env.path("LAUREL_EVIDENCE_ROOT", default=str(VAR_DIR / "evidence"))
        },
    },
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
# Sign-up with an email that has an account takes as long as a new one (accounts/forms.py).
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
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
# Institutions (sso/, added in the admin) run on allauth's OIDC and SAML providers as Laurel
# extends them: a nonce for OIDC; Laurel's own key, signed assertions and no replays for SAML.
SOCIALACCOUNT_PROVIDERS.setdefault("openid_connect", {})["provider_class"] = (
    "sso.providers.InstitutionOIDCProvider"
)
SOCIALACCOUNT_PROVIDERS.setdefault("saml", {})["provider_class"] = (
    "sso.providers.InstitutionSAMLProvider"
)
# Hours between fetches of an institution's SAML metadata URL (the sso.refresh_metadata task).
LAUREL_SAML_METADATA_REFRESH_HOURS = env.int("LAUREL_SAML_METADATA_REFRESH_HOURS", default=24)
# From this many institutions on, the sign-in page's list of them gets a search box.
LAUREL_SSO_SEARCH_FROM = env.int("LAUREL_SSO_SEARCH_FROM", default=6)
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
# Sign-up and password reset answer the same whether or not an email has an account.
ACCOUNT_PREVENT_ENUMERATION = True
# Without a `next`, signing in (the first time too) lands on the learner's dashboard.
LOGIN_REDIRECT_URL = "dashboard"
# Confirming the email in the browser that signed up signs the learner in and takes them on
# to where they started (the `next` of the sign-up form, such as a badge's application form).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
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
WAGTAIL_ENABLE_UPDATE_CHECK = False
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
LAUREL_OAUTH_PASSWORD_GRANT = env.bool("LAUREL_OAUTH_PASSWORD_GRANT", default=True)
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
    # accounts.oauth's, extended by obapi: a registered client gets only its registered scopes
    # (the Open Badges APIs'), and a disabled one nothing.
    "OAUTH2_VALIDATOR_CLASS": "obapi.oauth.ObOAuth2Validator",
    "SCOPES_BACKEND_CLASS": "obapi.oauth.ObScopes",
    "ACCESS_TOKEN_EXPIRE_SECONDS": env.int("OAUTH_ACCESS_TOKEN_SECONDS", default=86400),
    "REFRESH_TOKEN_EXPIRE_SECONDS": env.int("OAUTH_REFRESH_TOKEN_SECONDS", default=30 * 86400),
    # RFC 9700 (OAuth 2.0 Security BCP), each enforced rather than only warned about:
    # no implicit grant; PKCE always, and only S256; bearer tokens never from the query string.
    "PKCE_REQUIRED": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    # RFC 9207 `iss` on every authorization response, fixed to the public origin (not the
    # request's Host header); it is also the `issuer` of /o/.well-known/oauth-authorization-server.
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "OIDC_ISS_ENDPOINT": f"{LAUREL_BASE_URL}/o",
    # Tokens at rest are SHA-256 checksums only; the bearer value is never stored.
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    # Each refresh hands out a new refresh token; replaying a used one revokes the whole family.
    "ROTATE_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": 0,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "ALLOW_URI_WILDCARDS": False,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    # `http` stays only for native apps' loopback redirects (RFC 8252 section 7.3); every other
    # http redirect URI is refused by accounts/oauth.py. The toolkit's check cannot tell the
    # two apart, so its W008 warning stays (README, "Security").
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"],
    # Badgr's clients sign in with the password grant (RFC 9700 discourages it): on unless
    # LAUREL_OAUTH_PASSWORD_GRANT turns it off.
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": not LAUREL_OAUTH_PASSWORD_GRANT,
}
# The Open Badges 3.0 API and Badge Connect (obapi/): client registrations allowed per client
# address within the window (seconds), and the pages the service description links to.
LAUREL_OBAPI_REGISTRATIONS_PER_IP = env.int("LAUREL_OBAPI_REGISTRATIONS_PER_IP", default=20)
LAUREL_OBAPI_REGISTRATION_WINDOW = env.int("LAUREL_OBAPI_REGISTRATION_WINDOW", default=3600)
LAUREL_OBAPI_PRIVACY_POLICY_URL = env.str("LAUREL_OBAPI_PRIVACY_POLICY_URL", default="")
LAUREL_OBAPI_TERMS_URL = env.str("LAUREL_OBAPI_TERMS_URL", default="")
LAUREL_OAUTH_PUBLIC_CLIENT_ID = env.str("LAUREL_OAUTH_PUBLIC_CLIENT_ID", default="public")
LAUREL_PERSONAL_TOKEN_DAYS = env.int("LAUREL_PERSONAL_TOKEN_DAYS", default=365)
# Failed /o/token requests allowed per account at one client IP, and per client IP, within the
# window (seconds): guesses from one address never lock the owner out at another.
LAUREL_TOKEN_FAILURES_PER_USER = env.int("LAUREL_TOKEN_FAILURES_PER_USER", default=5)
LAUREL_TOKEN_FAILURES_PER_IP = env.int("LAUREL_TOKEN_FAILURES_PER_IP", default=30)
LAUREL_TOKEN_FAILURE_WINDOW = env.int("LAUREL_TOKEN_FAILURE_WINDOW", default=900)
# Claim codes: unknown codes entered per user and per client IP within the window (seconds)
# before claiming is refused for the rest of it, as sign-in failures are counted.
LAUREL_CLAIM_FAILURES_PER_USER = env.int("LAUREL_CLAIM_FAILURES_PER_USER", default=10)
LAUREL_CLAIM_FAILURES_PER_IP = env.int("LAUREL_CLAIM_FAILURES_PER_IP", default=50)
LAUREL_CLAIM_FAILURE_WINDOW = env.int("LAUREL_CLAIM_FAILURE_WINDOW", default=900)
# Most codes one request may create.
LAUREL_CLAIM_CODES_PER_BATCH = env.int("LAUREL_CLAIM_CODES_PER_BATCH", default=1000)
# Portal sign-in (allauth) is throttled as /o/token is: failures per account at one client IP
# (allauth's "key", see accounts/adapters.py) and per client IP in the same window; at the
# limit even the right password waits, from that address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": (
        f"{LAUREL_TOKEN_FAILURES_PER_IP}/{LAUREL_TOKEN_FAILURE_WINDOW}s/ip,"
        f"{LAUREL_TOKEN_FAILURES_PER_USER}/{LAUREL_TOKEN_FAILURE_WINDOW}s/key"
    ),
}
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
    # /v2/ and /api/ (badges.api.schema), and the standard Open Badges APIs (obapi).
    "PREPROCESSING_HOOKS": ["obapi.api.schema.api_paths"],
    "OAUTH2_FLOWS": [
        *(["password"] if LAUREL_OAUTH_PASSWORD_GRANT else []),
        "authorizationCode",
        "clientCredentials",
    ],
    "OAUTH2_TOKEN_URL": "/o/token",
    "OAUTH2_AUTHORIZATION_URL": "/o/authorize/",
    "OAUTH2_REFRESH_URL": "/o/token",
}

# Discovery API: public, readable from any origin (CORS on its paths only), throttled per client.
CORS_URLS_REGEX = r"^/api/discovery/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "OPTIONS")
DISCOVERY_API_THROTTLE_RATE = env.str("DISCOVERY_API_THROTTLE_RATE", default="120/minute")

# Languages (README, "Languages"). English is the source language and the default; a page
# is shown in the language its URL names (/fr/... for public pages), else the signed-in
# user's choice, else the language cookie, else the browser's Accept-Language.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("nl", "Nederlands"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates shown to people use the named formats (DATE_FORMAT...), so each language orders them
# its own way; English keeps the day-first forms of portal/formats/en.
FORMAT_MODULE_PATH = ["portal.formats"]
# Wagtail pages in the same languages: one page tree per language, kept in step by
# wagtail-localize (Translate this page; the translation shows what changed since).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LANGUAGE_COOKIE_NAME = "laurel_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
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
        # WeasyPrint reports each drawing step (and its own stylesheet on import) at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
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

# Webhooks (webhooks/delivery.py): seconds to wait after each failed attempt; after the last
# one the delivery is failed. The default spans about a day: 1m, 5m, 30m, 2h, 5h, 10h.
LAUREL_WEBHOOK_RETRY_SCHEDULE = [
    int(seconds)
    for seconds in env.list(
        "LAUREL_WEBHOOK_RETRY_SCHEDULE", default=["60", "300", "1800", "7200", "18000", "36000"]
    )
]
# Seconds an endpoint has to connect and to answer; an attempt's claim lasts at least twice
# this, so a delivery is never sent again while its last attempt may still be on its way.
LAUREL_WEBHOOK_TIMEOUT = env.float("LAUREL_WEBHOOK_TIMEOUT", default=10.0)
# How much of each answer is kept in the delivery log, in bytes.
LAUREL_WEBHOOK_RESPONSE_EXCERPT = env.int("LAUREL_WEBHOOK_RESPONSE_EXCERPT", default=2000)
# Hours a rotated-out secret still signs messages (beside the new one).
LAUREL_WEBHOOK_OLD_SECRET_HOURS = env.int("LAUREL_WEBHOOK_OLD_SECRET_HOURS", default=24)
