"""Django settings for Woonkans.

Every setting that differs between machines is read from an environment variable here,
with a secure default. The variables are listed in ``docs/configuration.md``.

* ``WOONKANS_DEMO`` — ``true`` only for the local demo (``make demo``) and tests: allows a
  generated secret key, plain-HTTP cookies and a SQLite-backed job broker.
* ``DJANGO_SECRET_KEY`` — required outside the demo.
* ``DJANGO_DEBUG`` — off unless set; never set it in production.
* ``DATABASE_URL`` — e.g. ``postgres://user:pass@host:5432/woonkans``; defaults to SQLite
  under ``var/``.
* ``CELERY_BROKER_URL`` — e.g. ``redis://127.0.0.1:6379/0`` in production.
* ``EMAIL_*`` — outgoing e-mail (see ``docs/configuration.md``).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# The checkout root (``src/woonkans/conf`` -> root) for editable installs.
PROJECT_DIR = PACKAGE_DIR.parent.parent
# WOONKANS_VAR_DIR: where the SQLite database, the demo broker, outbox mail and generated
# documents live. Defaults to ``var/`` in the checkout.
VAR_DIR = Path(env_str("WOONKANS_VAR_DIR", str(PROJECT_DIR / "var")))

DEMO = env_bool("WOONKANS_DEMO", False)
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEMO:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required. Set it to a long random value "
            "(only the demo, WOONKANS_DEMO=true, may run without it)."
        )
    key_file = VAR_DIR / "demo-secret-key"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = key_file.read_text().strip()

# DJANGO_ALLOWED_HOSTS: comma-separated host names this instance answers to.
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEMO else [])
# DJANGO_CSRF_TRUSTED_ORIGINS: e.g. https://woonkans.example.nl
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "woonkans.core",
    "woonkans.accounts",
    "woonkans.organisations",
    "woonkans.households",
    "woonkans.audit",
    "woonkans.api",
    "woonkans.jobs",
    "woonkans.norms",
    "woonkans.collection",
    "woonkans.signals",
    "woonkans.legal",
    "woonkans.arrears",
    "woonkans.documents",
    "woonkans.budgets",
    "woonkans.capacity",
    "woonkans.trajectories",
    "woonkans.conferences",
    "woonkans.agreements",
    "woonkans.tasks",
    "woonkans.indications",
    "woonkans.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "woonkans.accounts.middleware.IdleTimeoutMiddleware",
    "woonkans.accounts.middleware.TwoFactorRequiredMiddleware",
    "woonkans.organisations.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: locks out after repeated failed logins (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "woonkans.conf.urls"
WSGI_APPLICATION = "woonkans.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "woonkans.core.context_processors.woonkans",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------
# DATABASE_URL: PostgreSQL in production (postgres://...). SQLite is the embedded default.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'woonkans.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool(
    "DATABASE_JIT", False
):
    # PostgreSQL's JIT compiles a query whose *estimated* cost passes jit_above_cost, which
    # costs 40-60 ms each time: it made loading the demo 5x slower (60 s instead of 12 s;
    # small queries on tables without statistics yet) and the positions of 100,000
    # tenancies no faster (docs/performance.md). Off for our connections; DATABASE_JIT=true
    # leaves the server's setting alone.
    DATABASES["default"].setdefault("OPTIONS", {})
    options = DATABASES["default"]["OPTIONS"].get("options", "")
    DATABASES["default"]["OPTIONS"]["options"] = f"{options} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and login ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# WOONKANS_LOGIN_FAILURE_LIMIT / WOONKANS_LOCKOUT_MINUTES: lockout after repeated failures.
AXES_FAILURE_LIMIT = env_int("WOONKANS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("WOONKANS_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Behind a proxy set WOONKANS_TRUSTED_PROXY_COUNT so the client address is read correctly.
AXES_IPWARE_PROXY_COUNT = env_int("WOONKANS_TRUSTED_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

OTP_TOTP_ISSUER = "Woonkans"

# WOONKANS_IDLE_TIMEOUT_MINUTES: a session ends after this long without a request.
IDLE_TIMEOUT = timedelta(minutes=env_int("WOONKANS_IDLE_TIMEOUT_MINUTES", 15))
# accounts.middleware.IdleTimeoutMiddleware ends idle sessions (audited, with a notice at
# login). The stored session lives twice as long, so the middleware sees it expire.
SESSION_COOKIE_AGE = int(IDLE_TIMEOUT.total_seconds()) * 2
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Transport security ---------------------------------------------------------------
# WOONKANS_HTTPS: the app is served over HTTPS (default outside the demo). Turns on secure
# cookies, HSTS and the redirect to HTTPS.
HTTPS = env_bool("WOONKANS_HTTPS", not DEMO)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 63072000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("WOONKANS_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Language and time ----------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
if DEMO:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Front-end packages (NL Design System CSS, Chart.js, axe-core) installed by npm are copied
# here by ``make assets``; they are served by the app itself, never from a CDN.
# The package's own static files (app.css, app.js) belong to no app: list them here.
STATICFILES_DIRS = [PACKAGE_DIR / "static"] + (
    [PROJECT_DIR / "var" / "vendor-static"]
    if (PROJECT_DIR / "var" / "vendor-static").exists()
    else []
)
WHITENOISE_USE_FINDERS = env_bool("WOONKANS_STATIC_FINDERS", DEMO or DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

# --- Cache ----------------------------------------------------------------------------
# WOONKANS_CACHE_URL: redis://host:6379/1 when web servers and workers run on more than one
# machine. Without it the cache is files under var/cache, shared by the processes of one
# machine (the demo's web server and worker). Import progress goes through it.
CACHE_URL = env_str("WOONKANS_CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL.startswith(("redis://", "rediss://"))
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}

# --- Imports --------------------------------------------------------------------------
# WOONKANS_IMPORT_MAX_UPLOAD_MB: the largest file the import page accepts (the commands
# have no limit). Uploads wait under MEDIA_ROOT/imports/ and are deleted after the import.
IMPORT_MAX_UPLOAD_MB = env_int("WOONKANS_IMPORT_MAX_UPLOAD_MB", 200)

# --- E-mail ---------------------------------------------------------------------------
# EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
# DEFAULT_FROM_EMAIL. The demo writes mail to files under var/mail instead of sending it.
if DEMO and not env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Woonkans <noreply@woonkans.invalid>")

# --- Messages to tenants (SMS, WhatsApp, e-mail) ---------------------------------------
# WOONKANS_MESSAGE_BACKEND: "outbox" (default: messages are only stored, for the demo and
# tests) or "http" (SMS/WhatsApp to the provider's HTTP API below, e-mail via EMAIL_*).
# WOONKANS_SMS_API_URL (https), WOONKANS_SMS_API_KEY, WOONKANS_SMS_SENDER (sender name),
# WOONKANS_SMS_TIMEOUT (seconds). See docs/collection.md.
WOONKANS_MESSAGE_BACKEND = env_str("WOONKANS_MESSAGE_BACKEND", "outbox")
WOONKANS_SMS_API_URL = env_str("WOONKANS_SMS_API_URL", "")
WOONKANS_SMS_API_KEY = env_str("WOONKANS_SMS_API_KEY", "")
WOONKANS_SMS_SENDER = env_str("WOONKANS_SMS_SENDER", "Woonkans")
WOONKANS_SMS_TIMEOUT = env_int("WOONKANS_SMS_TIMEOUT", 10)

# --- Background jobs (Celery) ---------------------------------------------------------
# CELERY_BROKER_URL: Redis in production (redis://host:6379/0). The demo uses a broker
# stored in SQLite under var/, so it needs no extra server.
CELERY_BROKER_URL = env_str(
    "CELERY_BROKER_URL",
    f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}" if DEMO else "redis://127.0.0.1:6379/0",
)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# WOONKANS_HEARTBEAT_SECONDS: how often the scheduler's heartbeat job runs (proof that
# scheduled jobs really run; shown on the jobs page).
HEARTBEAT_SECONDS = env_int("WOONKANS_HEARTBEAT_SECONDS", 60)

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["woonkans.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["woonkans.api.permissions.IsApiClient"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Woonkans API",
    "DESCRIPTION": "REST API of Woonkans. Authenticate with `Authorization: Bearer <token>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Without deep links Swagger UI puts no link inside each operation's button (axe
    # nested-interactive, WCAG 4.1.2; swagger-ui issue 9570).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # One schema name per choice set used in several places.
    "ENUM_NAME_OVERRIDES": {
        "FieldGroupEnum": "woonkans.organisations.policy.FieldGroup",
        "RoleEnum": "woonkans.organisations.models.Role",
        "OrganisationKindEnum": "woonkans.organisations.models.OrganisationKind",
        "TrajectoryStateEnum": "woonkans.trajectories.models.State",
        "AgreementFormEnum": "woonkans.agreements.rules.AgreementForm",
        "AgreementStatusEnum": "woonkans.agreements.models.AgreementStatus",
        "AgreementEndOutcomeEnum": "woonkans.agreements.models.EndOutcome",
        "DueStatusEnum": "woonkans.tasks.models.DueStatus",
        "ConferenceStatusEnum": "woonkans.conferences.models.ConferenceStatus",
        "ConferenceOutcomeEnum": "woonkans.conferences.models.Outcome",
    },
}

# --- Logging: no personal data --------------------------------------------------------
# Application logs carry ids and event names only; request paths are logged without query
# strings. See docs/privacy.md.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "woonkans.core.logging.ScrubPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["scrub"]}
    },
    "root": {"handlers": ["console"], "level": env_str("WOONKANS_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # WeasyPrint logs every font and stylesheet at INFO while rendering a PDF.
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "fontTools": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
