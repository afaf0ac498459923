"""The tutor's one settings module.

Everything that differs between a laptop and a deployment is read from the
environment (see README "Configuration"). With nothing set, the site runs on
the embedded default: SQLite and a filesystem Celery broker under ``var/``.
DEBUG is off unless ``TUTOR_DEBUG=1``.
``TUTOR_PRODUCTION=1`` switches to production rules: DEBUG off, a real secret
key, database and broker URLs and allowed hosts are required, cookies secure.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from config.env import env_bool, env_int, env_list, env_path, env_required, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = env_path("TUTOR_VAR_DIR", BASE_DIR / "var")

PRODUCTION = env_bool("TUTOR_PRODUCTION", False)
# Off unless a developer asks (TUTOR_DEBUG=1): Django's debug pages list every URL and show
# tracebacks with settings to anyone who can reach `make run`.
DEBUG = env_bool("TUTOR_DEBUG", False) and not PRODUCTION

if PRODUCTION:
    SECRET_KEY = env_required("DJANGO_SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 random characters")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name the site's host(s) in production")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "django-insecure-development-only-key-never-use-in-production")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "tutor",
    "grading",
    "generation",
    "lessons",
    "studio",
    "students",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The browser's Accept-Language (or the language cookie) picks the language...
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # ...unless a signed-in person chose one on their account page.
    "tutor.middleware.UserLanguageMiddleware",
    # Times shown and typed in the browser's zone (the cookie site.js writes), the server's without it.
    "tutor.middleware.BrowserTimeZoneMiddleware",
    # A body too large is refused here, unread, in that language: views and CSRF's process_view (which
    # reads a form body) run only after every middleware's __call__.
    "tutor.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A form's address opened with GET (reloaded, the language switched) gets a page, not a bare 405.
    "tutor.middleware.FormOnlyAddressMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.i18n",
                "students.context_processors.teacher_marks",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
_sqlite_path = VAR_DIR / "db.sqlite3"
DATABASE_URL = env_str("DATABASE_URL", "")
if PRODUCTION and not DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production")
try:
    _db = dj_database_url.parse(DATABASE_URL or f"sqlite:///{_sqlite_path}", conn_max_age=0)
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL and IMMEDIATE transactions let the web process and the worker write the
    # same file without "database is locked" errors.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    _db["TEST"] = {"NAME": str(Path(_db["NAME"]).with_name("test-db.sqlite3"))}
else:
    _db["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
    _db["CONN_HEALTH_CHECKS"] = True
    # A database that stops answering must fail a connection attempt, not hang it.
    _db.setdefault("OPTIONS", {})["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 5, minimum=1)
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (throttle counters, render locks): shared by every process ---------
CACHE_URL = env_str("TUTOR_CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL:
    raise ImproperlyConfigured(f"TUTOR_CACHE_URL={CACHE_URL!r}: use redis://host:6379/1, or leave it unset")
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "cache")}
    }

# --- People -------------------------------------------------------------------
AUTH_USER_MODEL = "tutor.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "tutor@localhost")

LANGUAGE_CODE = "en"
# English is written in the code; zh-hans comes from locale/zh_Hans/LC_MESSAGES/*.po,
# compiled by `manage.py compile_translations` (bootstrap, run and test scripts do it), and zh-hant
# (Taiwan's forms) is converted from zh-hans when it compiles (tutor.hant): no second catalogue.
# Order matters: a bare "zh" in Accept-Language takes the first zh-* here; zh-TW, zh-HK and zh-Hant
# fall back to zh-hant and zh-CN, zh-SG to zh-hans (Django's LANG_INFO).
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文"), ("zh-hant", "繁體中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("TUTOR_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Files --------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploads (students' voices) live outside the static root and are never served
# as static files: views check ownership before streaming them.
MEDIA_ROOT = env_path("TUTOR_MEDIA_ROOT", VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production WhiteNoise serves static files straight from the apps' folders, so `make run`
# has its CSS and scripts with DEBUG off and without collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
# Looked up on each request outside production: indexed once at start, a CSS or script file edited while
# `make run` ran was served at its old length, cut short (a script then failed with a syntax error).
WHITENOISE_AUTOREFRESH = not PRODUCTION
MAX_UPLOAD_BYTES = env_int("TUTOR_MAX_UPLOAD_BYTES", 50 * 1024 * 1024, minimum=1024)
# Wall-clock seconds a request may spend reading or drawing a score (in a limited child process); a score
# not read by then is read by a worker (grading.tasks.read_score), a notation not drawn by then is drawn by one.
SCORE_CHECK_SECONDS = env_int("TUTOR_SCORE_CHECK_SECONDS", 1, minimum=1, maximum=60)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- API ----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "tutor.authentication.LanguageTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # tutor's JSON parser refuses a body nested too deeply with a 400 (DRF's raised RecursionError: a 500).
    "DEFAULT_PARSER_CLASSES": [
        "tutor.parsers.JSONParser", "rest_framework.parsers.FormParser", "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tutor.api_errors.api_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {
        "upload": env_str("TUTOR_THROTTLE_UPLOAD", "30/min"),
        "generate": env_str("TUTOR_THROTTLE_GENERATE", "12/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Music practice tutor API",
    "DESCRIPTION": "Classes, assignments, recordings and generated exercises.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Wrong passwords from one address in 15 minutes before it must wait (tutor.login_guard): generous,
# since a whole school can sit behind one address; per (username, address) waits grow from the 4th.
LOGIN_ADDRESS_MAX_FAILURES = env_int("TUTOR_LOGIN_ADDRESS_MAX_FAILURES", 200, minimum=1)

# --- Celery -------------------------------------------------------------------
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if PRODUCTION and CELERY_BROKER_URL.startswith("filesystem"):
    raise ImproperlyConfigured("CELERY_BROKER_URL must point at Redis or RabbitMQ in production")
if CELERY_BROKER_URL.split(":", 1)[0] not in {"filesystem", "redis", "rediss", "amqp", "amqps", "pyamqp"}:
    raise ImproperlyConfigured(f"CELERY_BROKER_URL={CELERY_BROKER_URL!r}: use filesystem://, redis:// or amqp://")
if CELERY_BROKER_URL.startswith("filesystem"):
    # The embedded broker is a folder of message files; kombu needs it to exist.
    for _folder in ("queue", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    # kombu's filesystem transport, marking what it puts back as redelivered (tutor/broker.py says why).
    CELERY_BROKER_TRANSPORT = "tutor.broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
    }
else:
    # Redis redelivers a message nobody acknowledged after this long; the stale-job
    # sweeper covers the brokers (and the embedded one) that never do.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600, minimum=30),
        # A silently dead link fails a publish in seconds instead of holding a web request.
        "socket_timeout": 10,
        "socket_connect_timeout": 5,
    }
# Grading has its own queue, so a take never waits behind drill renders or exports; "interactive" holds the short
# jobs someone waits for on a page (a score's notation, an uploaded score's reading, a new drill's score, an
# exercise's practice audio), so they never wait behind a render either. scripts/run.sh starts one worker for
# "grading", "interactive" and the light "celery" queue (the sweeper), and one for "interactive", renders and
# exports: whichever is free takes an interactive job, and a take waits behind at most one of them. A worker
# started without -Q consumes them all.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [Queue(name) for name in ("grading", "interactive", "celery", "renders", "exports")]
CELERY_TASK_ROUTES = {
    "grading.tasks.analyze_recording": {"queue": "grading"},
    "grading.tasks.measure_range": {"queue": "grading"},
    "grading.tasks.read_score": {"queue": "interactive"},
    "studio.tasks.draw_exercise_notation": {"queue": "interactive"},
    # The studio page waits for its practice audio; at most 64 bars, it renders in 0.3-4 s (docs/architecture.md).
    "studio.tasks.render_exercise_audio": {"queue": "interactive"},
    "generation.tasks.write_drill_score": {"queue": "interactive"},
    "generation.tasks.*": {"queue": "renders"},
    "studio.tasks.*": {"queue": "renders"},
    "lessons.tasks.render_question_audio": {"queue": "renders"},
    "students.tasks.*": {"queue": "exports"},
}
# Drills one person may have rendering at once; more wait (429) until one is done.
MAX_RENDERS_PER_USER = env_int("TUTOR_MAX_RENDERS_PER_USER", 3, minimum=1)
# Uploaded scores one teacher may have a worker reading at once; more are refused (429) until one is done.
MAX_SCORE_READS_PER_USER = env_int("TUTOR_MAX_SCORE_READS_PER_USER", 3, minimum=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 5
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=5)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=10)
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# A running job's worker renews its heartbeat this often; silent this long, the job is taken over or
# re-queued; the sweeper looks this often. Recovery from a killed worker takes well under a minute.
JOB_HEARTBEAT_SECONDS = env_int("TUTOR_JOB_HEARTBEAT_SECONDS", 5, minimum=1)
JOB_HEARTBEAT_STALE_SECONDS = env_int("TUTOR_JOB_HEARTBEAT_STALE_SECONDS", 30, minimum=3)
JOB_SWEEP_EVERY_SECONDS = env_int("TUTOR_JOB_SWEEP_EVERY_SECONDS", 10, minimum=1)
if JOB_HEARTBEAT_STALE_SECONDS < 3 * JOB_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured("TUTOR_JOB_HEARTBEAT_STALE_SECONDS must be at least three heartbeats")
CELERY_BEAT_SCHEDULE = {
    "sweep-stale-jobs": {"task": "tutor.tasks.sweep_stale_jobs", "schedule": float(JOB_SWEEP_EVERY_SECONDS)},
    "purge-expired-audio": {"task": "grading.tasks.purge_expired_audio", "schedule": 3600.0},
}
# A job still queued or running after this long is assumed lost and re-queued.
JOB_STALE_AFTER_SECONDS = env_int("TUTOR_JOB_STALE_AFTER_SECONDS", 600, minimum=10)
JOB_MAX_ATTEMPTS = env_int("TUTOR_JOB_MAX_ATTEMPTS", 3, minimum=1)
# Raw audio of a take is deleted this long after grading; the grades stay.
AUDIO_RETENTION_DAYS = env_int("TUTOR_AUDIO_RETENTION_DAYS", 90, minimum=1)
if JOB_STALE_AFTER_SECONDS <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("TUTOR_JOB_STALE_AFTER_SECONDS must exceed CELERY_TASK_TIME_LIMIT")
if CELERY_TASK_SOFT_TIME_LIMIT >= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("CELERY_TASK_SOFT_TIME_LIMIT must be below CELERY_TASK_TIME_LIMIT")

# --- Security -----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# Behind a TLS-terminating proxy, set TUTOR_TRUST_X_FORWARDED_PROTO=1 so Django
# sees HTTPS (and TUTOR_TRUST_X_FORWARDED_FOR=1 so throttles see the client IP).
if env_bool("TUTOR_TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
TRUST_X_FORWARDED_FOR = env_bool("TUTOR_TRUST_X_FORWARDED_FOR", False)
# How many proxies of ours append to X-Forwarded-For: the client is that many entries from its end.
NUM_PROXIES = env_int("TUTOR_NUM_PROXIES", 1, minimum=1)
if TRUST_X_FORWARDED_FOR:
    REST_FRAMEWORK["NUM_PROXIES"] = NUM_PROXIES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"routine_housekeeping": {"()": "tutor.log_filters.DropRoutineHousekeeping"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["routine_housekeeping"]}},
    "root": {"handlers": ["console"], "level": env_str("TUTOR_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
