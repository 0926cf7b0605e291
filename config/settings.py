"""Hipwell settings: one module, driven by environment variables.

Every variable has an embedded default that works on a fresh clone (SQLite and a
filesystem Celery broker under ``var/``); production sets them explicitly. The README
lists every variable.
"""

from __future__ import annotations

import secrets
import sys
from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ

# Lets admin and DRF classes be subscripted for the type checker at run time too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

# pytest imports settings before any conftest can set variables, so detect it here.
TESTING = env.bool("HIPWELL_TESTING", default="pytest" in sys.modules)
# Everything written at run time lives here (the test session points it at a
# temporary directory of its own: tests/servers.py).
VAR_DIR = Path(env.str("HIPWELL_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DJANGO_DEBUG", default=True)


def _secret_key() -> str:
    """Return the secret key from the environment, or one generated once into var/.

    Production must set DJANGO_SECRET_KEY; a generated key is only for development.
    """
    configured = env.str("DJANGO_SECRET_KEY", default="")
    if configured:
        return configured
    if not DEBUG:
        raise environ.ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off."
        )
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
PORT = env.int("PORT", default=8000)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "core",
    "patients",
    "diaries",
    "exercises",
    "goals",
    "reminders",
    "clinic",
    "pwa",
]

MIDDLEWARE = [
    # First: an unknown Host, an oversized body or too many fields is answered here in
    # plain words (JSON on /api/), never with the DEBUG error page.
    "core.middleware.RequestLimitsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.cache_headers.NoStoreAPIMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # request.htmx on the clinician pages (clinic/pages/).
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'hipwell.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; the timeout rides out
    # short write locks instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "patients.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing is deliberately slow; tests create hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
LOGIN_URL = "/admin/login/"
# How often an open caseload page asks for fresh rows (clinic/pages/caseload.py).
HIPWELL_CLINIC_POLL_SECONDS = env.int("HIPWELL_CLINIC_POLL_SECONDS", default=60)

# The patient app signs in with a session (patients/api_auth.py): an HttpOnly,
# SameSite=Lax cookie, Secure outside debug, for 14 days from sign-in (not renewed by
# use, like tokens). The CSRF cookie is readable by the app's script on purpose: it
# is not a credential, only the value to echo in X-CSRFToken on every write.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("HIPWELL_SESSION_DAYS", default=14) * 24 * 3600
SESSION_SAVE_EVERY_REQUEST = False
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = False
CSRF_COOKIE_SAMESITE = "Lax"
# Emailed password-reset links (Django's default_token_generator) work for an hour.
PASSWORD_RESET_TIMEOUT = 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS only in production: redirect plain HTTP and tell browsers never to use it
# (HSTS). Behind a proxy that terminates TLS, set HIPWELL_TRUSTED_PROXIES (or
# HIPWELL_TRUST_X_FORWARDED_PROTO=1) so the proxy's X-Forwarded-Proto is believed;
# never trust it otherwise, or any client could claim to be on HTTPS.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # Preloading is opted into per domain (a manual submission, slow to undo), so
    # `check --deploy` is not asked to nag about it.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env.bool("HIPWELL_TRUST_X_FORWARDED_PROTO", default=False) or env.int(
    "HIPWELL_TRUSTED_PROXIES", default=0
):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A strict Content-Security-Policy (django-csp): our own scripts and styles only, no
# inline code, no eval, never framed. The Swagger UI loads its init script from a URL
# (config/urls.py) and the admin has no inline script, so neither needs an exception.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Swagger UI's stylesheet draws its icons as data: SVGs.
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Email: console in development; any SMTP via EMAIL_URL (e.g. smtp+tls://user:pw@host:587).
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
# filemail:// writes under HIPWELL_VAR_DIR/mail; filemail:////srv/mail is absolute and a
# relative path (filemail://mail) is relative to the project.
EMAIL_FILE_PATH = str(
    BASE_DIR / _email["EMAIL_FILE_PATH"] if _email.get("EMAIL_FILE_PATH") else VAR_DIR / "mail"
)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Hipwell <no-reply@hipwell.local>")

# How many reverse proxies in front of the web workers append to X-Forwarded-For.
# 0 (the default) means clients connect directly and REMOTE_ADDR is the client: a
# forwarded header is then the client's own claim and is ignored by throttles and
# the sign-in lockout alike (see patients.lockout.client_ip).
HIPWELL_TRUSTED_PROXIES = env.int("HIPWELL_TRUSTED_PROXIES", default=0)

# REST framework: authenticated by default, scoped per object in patients.access.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: no endpoint takes files, so form and multipart bodies are a 415.
    "DEFAULT_PARSER_CLASSES": ["core.parsers.SafeJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "patients.throttles.AnonRateThrottle",
        "patients.throttles.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("HIPWELL_THROTTLE_ANON", default="60/minute"),
        "user": env.str("HIPWELL_THROTTLE_USER", default="1200/minute"),
        "login": env.str("HIPWELL_THROTTLE_LOGIN", default="20/minute"),
    },
    "EXCEPTION_HANDLER": "core.exceptions.exception_handler",
    # DRF trusts X-Forwarded-For whenever NUM_PROXIES is None; never leave it None.
    "NUM_PROXIES": HIPWELL_TRUSTED_PROXIES,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
if TESTING:
    REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = []

# Throttle windows and sign-in caps must be seen by every web worker, so the
# embedded default is the database cache (`make run` creates its table), Redis in
# production. Rendered charts stay on this same cache on purpose: a chart drawn by
# one worker is then served by all, and they expire on their own; MAX_ENTRIES is
# raised so that culling for charts does not throw away counters early. Tests use
# an in-process cache because most tests do not touch the database.
CACHES = {
    "default": env.cache(
        "CACHE_URL", default="locmemcache://hipwell" if TESTING else "dbcache://hipwell_cache"
    ),
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
    CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = 20_000

REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("HIPWELL_TOKEN_TTL_HOURS", default=24 * 14)),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 20,
    "AUTH_HEADER_PREFIX": "Token",
}

AXES_FAILURE_LIMIT = env.int("HIPWELL_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("HIPWELL_LOGIN_COOLOFF_MINUTES", default=15))
# Lock a (username, address) pair, never an account on its own: a stranger's guesses
# lock only the stranger's address. patients/lockout.py adds the per-account cap and
# known devices; the README's "Sign-in protection" explains the whole policy.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "patients.lockout.lockout_response"
# The same client address as the throttles (REMOTE_ADDR, or the hop our trusted
# proxies added); django-ipware is not installed, so axes' AXES_IPWARE_* settings
# would have no effect.
AXES_CLIENT_IP_CALLABLE = "patients.lockout.client_ip"
AXES_USERNAME_CALLABLE = "patients.lockout.axes_username"
# A known device is exempt from the pair lockout and has its own budget instead.
AXES_WHITELIST_CALLABLE = "patients.lockout.is_known_device_attempt"
AXES_SENSITIVE_PARAMETERS = ["password", "invite_code"]

SPECTACULAR_SETTINGS = {
    "TITLE": "Hipwell API",
    "DESCRIPTION": "Diary, plans, reminders and red-flag alerts for conservative care of hip osteonecrosis.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Serve Swagger UI from our own static files: clinics may run without a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ReminderKindEnum": "reminders.models.ReminderKind",
        "NotificationKindEnum": "reminders.models.DeliveryPurpose",
        "InviteKindEnum": "patients.models.InviteKind",
        "WeightBearingEnum": "patients.models.WeightBearing",
        "PlanStatusEnum": ["active", "scheduled", "superseded"],
    },
}

# Celery: Redis when CELERY_BROKER_URL is set, kombu's filesystem transport otherwise.
CELERY_QUEUE_DIR = VAR_DIR / "celery" / "queue"
CELERY_PROCESSED_DIR = VAR_DIR / "celery" / "processed"
# Exchange tables: kombu's default is ./control, which would write into the checkout.
CELERY_CONTROL_DIR = VAR_DIR / "celery" / "control"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Kombu's transport with atomic writes (see core/kombu_filesystem.py).
    CELERY_BROKER_TRANSPORT = "core.kombu_filesystem:Transport"
    CELERY_QUEUE_DIR.mkdir(parents=True, exist_ok=True)
    CELERY_PROCESSED_DIR.mkdir(parents=True, exist_ok=True)
    CELERY_CONTROL_DIR.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "data_folder_in": str(CELERY_QUEUE_DIR),
        "data_folder_out": str(CELERY_QUEUE_DIR),
        "processed_folder": str(CELERY_PROCESSED_DIR),
        "control_folder": str(CELERY_CONTROL_DIR),
        "store_processed": False,
        # The transport polls its folder; a fifth of a second keeps alerts prompt
        # (the default of one second adds up to a second to every task).
        "polling_interval": 0.2,
    }
else:
    # A request must never wait on an unreachable broker: fail fast and let the
    # periodic scan deliver what could not be queued.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 0, "socket_connect_timeout": 1}
CELERY_BROKER_CONNECTION_TIMEOUT = 1.0
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Tests run tasks in-process unless a test starts a real worker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=TESTING)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("HIPWELL_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "hipwell.auth": {"level": "INFO"},
    },
}

HIPWELL = {
    # Every request body, on every path: larger bodies are a 413 (core/middleware.py).
    "MAX_BODY_BYTES": env.int("HIPWELL_MAX_BODY_BYTES", default=1024 * 1024),
    "INVITE_TTL_DAYS": env.int("HIPWELL_INVITE_TTL_DAYS", default=14),
    "DIARY_EDIT_DAYS": env.int("HIPWELL_DIARY_EDIT_DAYS", default=30),
    # The periodic scan leaves an owed evaluation this long to the queue's fast path.
    "OUTBOX_GRACE_SECONDS": env.int("HIPWELL_OUTBOX_GRACE_SECONDS", default=20),
    "ALERT_ESCALATE_AFTER_MINUTES": env.int("HIPWELL_ALERT_ESCALATE_AFTER_MINUTES", default=240),
    # How long the answer to a POST with an Idempotency-Key is kept for its retries.
    "IDEMPOTENCY_TTL_HOURS": env.int("HIPWELL_IDEMPOTENCY_TTL_HOURS", default=24),
    "VAPID_PRIVATE_KEY": env.str("HIPWELL_VAPID_PRIVATE_KEY", default=""),
    "VAPID_PUBLIC_KEY": env.str("HIPWELL_VAPID_PUBLIC_KEY", default=""),
    "VAPID_SUBJECT": env.str("HIPWELL_VAPID_SUBJECT", default="mailto:care-team@hipwell.local"),
    # One local origin (e.g. http://127.0.0.1:8025) that may receive pushes over plain
    # HTTP at any address: the tests' stand-in push service. Empty in real deployments.
    "PUSH_TEST_ORIGIN": env.str("HIPWELL_PUSH_TEST_ORIGIN", default=""),
    # Browsers' push services; a subscription elsewhere is refused outside development.
    "PUSH_ALLOWED_HOSTS": env.list(
        "HIPWELL_PUSH_ALLOWED_HOSTS",
        default=[
            "fcm.googleapis.com",
            "push.services.mozilla.com",
            "notify.windows.com",
            "push.apple.com",
        ],
    ),
    "PUBLIC_URL": env.str("HIPWELL_PUBLIC_URL", default=f"http://localhost:{PORT}"),
    # The per-account cap: failures from all addresses together, over a longer window.
    "LOGIN_ACCOUNT_FAILURE_LIMIT": env.int("HIPWELL_LOGIN_ACCOUNT_FAILURE_LIMIT", default=30),
    "LOGIN_ACCOUNT_WINDOW_MINUTES": env.int("HIPWELL_LOGIN_ACCOUNT_WINDOW_MINUTES", default=60),
    # How long a signed-in device is remembered as known (and exempt from the caps).
    "KNOWN_DEVICE_DAYS": env.int("HIPWELL_KNOWN_DEVICE_DAYS", default=180),
    # Password-reset codes a physiotherapist gives a patient expire after this.
    "RESET_CODE_TTL_HOURS": env.int("HIPWELL_RESET_CODE_TTL_HOURS", default=24),
}
if not DEBUG and not HIPWELL["VAPID_PRIVATE_KEY"]:
    # Each host would otherwise generate its own key, and browsers subscribed through
    # one host would reject pushes signed by another (see reminders/vapid.py).
    raise environ.ImproperlyConfigured(
        "HIPWELL_VAPID_PRIVATE_KEY must be set when DJANGO_DEBUG is off "
        "(generate one: python -c 'from reminders.vapid import new_private_key as k; print(k())')."
    )

CELERY_BEAT_SCHEDULE = {
    # The safety net and the reminder clock: owed evaluations, due reminders, stuck
    # leases and escalations, every minute.
    "scan-every-minute": {"task": "reminders.tasks.scan", "schedule": 60.0},
    # Diary-based goals move with the diary; check them (and send milestones) hourly.
    "goals-hourly": {"task": "goals.tasks.goals_evaluate_all", "schedule": 3600.0},
}
