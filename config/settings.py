"""Settings for the programme CRM, read from the environment (see .env.example)."""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}

# A variable set to an empty (or blank) value counts as unset, so its default applies, except
# that an empty list variable is an empty list: `MFA_TRUSTED_NETWORKS=` means no trusted
# networks, and `DJANGO_SECURE_COOKIES=` leaves secure cookies at their default, never off.


def env(name: str, default: str | None = None) -> str | None:
    """The variable's value, or `default` when it is unset or empty."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    return raw


def env_bool(name: str, default: bool = False) -> bool:
    """A boolean variable; anything but a recognised yes/no is a configuration error."""
    raw = env(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    """A whole number of zero or more; anything else is a configuration error."""
    raw = env(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < 0:
        raise ImproperlyConfigured(f"{name} must be zero or more, not {raw!r}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; empty means an empty list, and a blank item between commas is a
    configuration error."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    if not raw.strip():
        return []
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name} has an empty item: {raw!r}")
    return items


DEBUG = env_bool("DJANGO_DEBUG", False)
# With debug on, a missing page still shows the product's own 404 page (the demo shows what
# users see); true shows Django's debug page instead (core.middleware.ProductErrorPagesMiddleware).
TECHNICAL_ERRORS = DEBUG and env_bool("DJANGO_TECHNICAL_ERRORS", False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105
# Earlier secret keys, still accepted while sessions, links and two-factor secrets made with
# them are in use (users/mfa.py re-derives their keys); the newest key signs and encrypts.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_filters",
    "django_htmx",
    "django_tasks_db",
    "auditlog",
    "core",
    "users",
    "companies",
    "mous",
    "programs",
    "compute",
    "equipment",
    "training",
    "mentoring",
    "outcomes",
    "notices",
    "reports",
    "portal",
    "audit",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.KoreanFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "users.middleware.SessionLimitsMiddleware",
    "users.middleware.MfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.ProductErrorPagesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "outcomes.context_processors.outcome_banner",
                "notices.context_processors.unread_notices",
            ],
        },
    },
]

FORM_RENDERER = "core.forms.KrdsFormRenderer"

# SQLite by default so a fresh clone runs with no server; DATABASE_URL=postgres://... switches.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        # A kept connection is checked before a request reuses it (one after a database restart
        # is reopened, not an error page).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker write to one file: take the write lock when a
    # transaction starts and wait for it, instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the KPI aggregates cross PostgreSQL's JIT cost threshold at 100,000
    # companies and spent more time compiling (0.36 s of a 0.5 s query) than executing.
    # Added to any options DATABASE_URL gives. (A pooler that refuses startup options, such as
    # PgBouncer in transaction mode, needs `ALTER DATABASE … SET jit = off` instead.)
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = f"{_pg_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's, each loading a session's user with its unread-notice count.
    "users.backends.ModelBackend",
    "users.backends.AuthenticationBackend",
]
# Argon2id first (users/hashers.py); PBKDF2 only to read hashes made before it.
PASSWORD_HASHERS = [
    "users.hashers.Argon2idHasher",
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

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "users.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "users.forms.LoginForm",
    "reauthenticate": "users.forms.ReauthenticateForm",
}
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
# Changing e-mail, password or two-factor settings, roles or mentor assignments needs the
# password (or an authenticator code) again when the last confirmation is over 5 minutes old.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
# Five wrong passwords for one account lock it for five minutes. Successful logins are
# generous per address: firms may share a gateway, and 40 colleagues logging in within a
# minute must all get in. allauth keeps these counters in the cache.
ACCOUNT_RATE_LIMITS = {
    "login": "120/m/ip",
    "login_failed": "30/m/ip,5/5m/key",
}
# Behind N reverse proxies that append to X-Forwarded-For, the client is the Nth address from
# the right; 0 (the default) ignores the header and uses REMOTE_ADDR. Rate limits, the
# trusted-network check below and the session list all use this address.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

# Two-factor authentication (TOTP with recovery codes). Staff, executives, mentors and
# superusers connecting from outside the agency's networks must set it up (PIPA safeguard
# notice art. 6(2)); firm users may. Empty means every address is outside.
MFA_TRUSTED_NETWORKS = env_list("MFA_TRUSTED_NETWORKS", [])
for _network in MFA_TRUSTED_NETWORKS:
    try:
        ipaddress.ip_network(_network)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"MFA_TRUSTED_NETWORKS has an invalid CIDR range: {_network!r}"
        ) from _error
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_FORMS = {
    "authenticate": "users.forms.MfaAuthenticateForm",
    "reauthenticate": "users.forms.MfaReauthenticateForm",
    "activate_totp": "users.forms.ActivateTotpForm",
}
MFA_TOTP_ISSUER = "AICA CRM"
MFA_ADAPTER = "users.mfa.MfaAdapter"  # stores the TOTP secrets encrypted
# The session list (allauth.usersessions) lets users end their other sessions; deactivating
# a user ends all of theirs. SessionLimitsMiddleware records the sessions once a minute
# instead of allauth's tracking on every request.
USERSESSIONS_TRACK_ACTIVITY = False
INVITATION_VALID_HOURS = 72

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
# Dates and moments read the same in Korean and English: 2026-12-07 08:40 (core/formats/).
FORMAT_MODULE_PATH = ["core.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and generated files: a local folder (DJANGO_MEDIA_ROOT; shared between app servers
# as a network folder) or, with DJANGO_FILE_STORAGE=s3, an S3-compatible bucket (private; the
# CRM streams files after its access checks, never hands out bucket URLs).
FILE_STORAGE = env("DJANGO_FILE_STORAGE", "local")
if FILE_STORAGE == "local":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif FILE_STORAGE == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("DJANGO_S3_BUCKET"),
            "endpoint_url": env("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": env("DJANGO_S3_REGION") or None,
            "access_key": env("DJANGO_S3_ACCESS_KEY"),
            "secret_key": env("DJANGO_S3_SECRET_KEY"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
    if not _default_storage["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("DJANGO_FILE_STORAGE=s3 needs DJANGO_S3_BUCKET")
else:
    raise ImproperlyConfigured(f"DJANGO_FILE_STORAGE must be local or s3, not {FILE_STORAGE!r}")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads are private: no URL serves this folder; views check access and stream files.
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
IMPORT_MAX_BYTES = 10 * 1024 * 1024
# Imports of more rows than this are checked and written by the task worker, with a progress
# page, so no request runs for more than a few seconds; smaller ones stay in the request.
IMPORT_INLINE_MAX_ROWS = env_int("IMPORT_INLINE_MAX_ROWS", 300)

# `backup`/`restore` (core/backup.py): JSON that keeps the microseconds of every moment.
SERIALIZATION_MODULES = {"backupjson": "core.serializers"}
# Rows loaded by `restore` (raw saves) keep their own history; they make no new entries.
AUDITLOG_DISABLE_ON_RAW_SAVE = True

# PIPA access records (audit app): a day's views above this many people is flagged in the
# monthly review, as is an hour with this many failed logins from one address.
PIPA_DAILY_PEOPLE_THRESHOLD = env_int("PIPA_DAILY_PEOPLE_THRESHOLD", 200)
PIPA_FAILED_LOGIN_BURST = env_int("PIPA_FAILED_LOGIN_BURST", 5)
# How long each kind of person data is kept (PIPA art. 21), in years: contacts after their
# company's deactivation, trainees after the course's year, mentors after their last
# assignment ended. The privacy policy states these; `destroy_expired_personal_data` applies them.
PIPA_RETENTION_CONTACT_YEARS = env_int("PIPA_RETENTION_CONTACT_YEARS", 5)
PIPA_RETENTION_TRAINEE_YEARS = env_int("PIPA_RETENTION_TRAINEE_YEARS", 3)
PIPA_RETENTION_MENTOR_YEARS = env_int("PIPA_RETENTION_MENTOR_YEARS", 3)
# Notices are kept this many years after they were read, or after they were made when never
# read; an e-mail's delivery record (its address, status, tries) this many after it was sent.
PIPA_RETENTION_NOTICE_READ_YEARS = env_int("PIPA_RETENTION_NOTICE_READ_YEARS", 1)
PIPA_RETENTION_NOTICE_UNREAD_YEARS = env_int("PIPA_RETENTION_NOTICE_UNREAD_YEARS", 2)
PIPA_RETENTION_NOTICE_EMAIL_YEARS = env_int("PIPA_RETENTION_NOTICE_EMAIL_YEARS", 1)
# The privacy policy (개인정보 처리방침, art. 30) names the agency and its privacy officer.
AGENCY_NAME = env("AGENCY_NAME", "인공지능산업융합사업단")
PRIVACY_OFFICER_NAME = env("PRIVACY_OFFICER_NAME", "")
PRIVACY_OFFICER_EMAIL = env("PRIVACY_OFFICER_EMAIL", "")
PRIVACY_OFFICER_PHONE = env("PRIVACY_OFFICER_PHONE", "")
# Where users are sent when a page says to contact the agency (a forgotten password that no
# e-mail resets, an inactive account, an account asked for): the team, its phone and e-mail.
# Empty parts are left out; with all empty the pages name only AGENCY_NAME.
AGENCY_CONTACT_NAME = env("AGENCY_CONTACT_NAME", "")
AGENCY_CONTACT_PHONE = env("AGENCY_CONTACT_PHONE", "")
AGENCY_CONTACT_EMAIL = env("AGENCY_CONTACT_EMAIL", "")

# The dashboard's KPI figures are cached until a record they read changes (reports/cache.py);
# this bounds what bulk writes that bypass save() could leave stale.
KPI_CACHE_SECONDS = env_int("KPI_CACHE_SECONDS", 600)
# The KPI PDF lists the supported firms in its annex up to this many; above it the annex points
# to the Excel file's sheet, and the PDF lists them only when asked (the file request's option,
# `kpi_report --firm-list`): WeasyPrint lays out about a hundred table rows a second.
KPI_PDF_FIRM_LIST_LIMIT = env_int("KPI_PDF_FIRM_LIST_LIMIT", 1000)

# Background work (report files) goes through Django's tasks framework into a database queue;
# `manage.py db_worker` runs it (`make run` starts one). Any number of workers may share it.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A report file, snapshot or import whose builder has shown no progress for this many seconds
# (its worker died, or none is running) is marked failed and may be retried. Its page and list
# check when viewed; `manage.py fail_stale_tasks` checks all, from cron.
TASK_STALE_SECONDS = env_int("TASK_STALE_SECONDS", 600)

# Equipment bookings: how many requests one firm may have waiting for staff's decision. The
# longest booking and how far ahead one may start are set per equipment (admin).
EQUIPMENT_MAX_PENDING_BOOKINGS = env_int("EQUIPMENT_MAX_PENDING_BOOKINGS", 5)

# Local runs print e-mail to the console; production sends it over SMTP unless told otherwise.
_EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": (
            {
                "host": env("DJANGO_EMAIL_HOST", "localhost"),
                "port": env_int("DJANGO_EMAIL_PORT", 25),
                "username": env("DJANGO_EMAIL_HOST_USER", ""),
                "password": env("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
                # A mail server that stops answering fails the try (retried later) instead of
                # holding the worker, and the other e-mails of a notice, indefinitely.
                "timeout": env_int("DJANGO_EMAIL_TIMEOUT", 30),
            }
            if _EMAIL_BACKEND.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "crm@localhost")
# Notices' e-mails link back to the CRM at this address (scheme and host, as users reach it);
# by default the first allowed host over HTTPS (local runs: the development server).
_first_host = ALLOWED_HOSTS[0] if ALLOWED_HOSTS else ""
SITE_URL = env(
    "DJANGO_SITE_URL",
    "http://127.0.0.1:8000"
    if DEBUG
    else (f"https://{_first_host}" if _first_host.strip(".*") == _first_host != "" else ""),
)
# How many times the task worker tries a notice e-mail before recording it as failed.
NOTICE_EMAIL_ATTEMPTS = env_int("NOTICE_EMAIL_ATTEMPTS", 4)

# 30 minutes idle: every request saves the session and pushes its expiry 30 minutes on.
# 12 hours absolute: users.middleware.SessionLimitsMiddleware logs out sessions older than that.
# The cache holds login rate limits, used one-time codes and the dashboard's figures; with
# several app servers it must be shared. DJANGO_CACHE_URL: locmem:// (one process; the default
# with debug on), db:// (the table CACHE_TABLE in the database; the default otherwise) or
# redis://host:6379/0. `migrate` creates that table whatever the cache it runs with, so a later
# switch to db:// finds it (core/checks.py); `check --deploy` reports it missing.
CACHE_TABLE = "crm_cache"
CACHE_URL = env("DJANGO_CACHE_URL", "locmem://" if DEBUG else "db://")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL == "db://":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
        }
    }
elif CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(
        f"DJANGO_CACHE_URL must be locmem://, db:// or redis://…, not {CACHE_URL!r}"
    )
# Sessions live in the database; DJANGO_SESSION_STORE=cache reads them through the cache too
# (cached_db), which saves a query a request when the cache is Redis.
_SESSION_ENGINES = {
    "db": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cached_db",
}
_session_store = env("DJANGO_SESSION_STORE", "db")
if _session_store not in _SESSION_ENGINES:
    raise ImproperlyConfigured(f"DJANGO_SESSION_STORE must be db or cache, not {_session_store!r}")
SESSION_ENGINE = _SESSION_ENGINES[_session_store]

SESSION_COOKIE_AGE = 30 * 60
# 30 idle minutes: users.middleware.SessionLimitsMiddleware saves an active session (and so
# moves its expiry on) once a minute, instead of on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_ABSOLUTE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_TLS_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}
