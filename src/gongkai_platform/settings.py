"""Settings for the gongkai platform.

Development needs no configuration (SQLite in var/, DEBUG on, local-memory cache). Production sets, in the
environment (deploy/gongkai.env is the annotated sample):
GONGKAI_SECRET_KEY, GONGKAI_DEBUG=0, GONGKAI_ALLOWED_HOSTS, GONGKAI_SECURE=1 (HTTPS-only cookies, HSTS),
DATABASE_URL=postgres://user:password@host:5432/name, GONGKAI_REDIS_URL=redis://127.0.0.1:6379/0 (cache,
sessions, throttle counters, portal pages: every app process must share it), GONGKAI_TRUSTED_PROXY_HEADER when
a reverse proxy of ours sets X-Forwarded-For, and optionally GONGKAI_FILE_STORAGE (a storage backend path such
as storages.backends.s3.S3Storage) with GONGKAI_FILE_STORAGE_OPTIONS (JSON).
"""

import json
import os
from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE as csp_nonce
from django.core.exceptions import ImproperlyConfigured

from gongkai_platform import dburl

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("GONGKAI_BASE_DIR", PACKAGE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


DEV_SECRET_KEY = "dev-only-insecure-key-change-me"
DEBUG = env_flag("GONGKAI_DEBUG", True)
SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("GONGKAI_SECRET_KEY must be set when GONGKAI_DEBUG is off")
ALLOWED_HOSTS = [h for h in os.environ.get("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("GONGKAI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # widget templates for FORM_RENDERER below
    "csp",
    "ninja",  # serves the API docs page from local static files, never a CDN
    "django_tasks",
    "gongkai_platform.thirdparty.TasksDatabaseConfig",  # django_tasks_db, named in Chinese
    "gongkai_platform.thirdparty.AxesConfig",  # axes, named in Chinese
    "gongkai_platform.agencies",
    "gongkai_platform.auditlog",
    "gongkai_platform.accounts",
    "gongkai_platform.workdays",
    "gongkai_platform.catalogue",
    "gongkai_platform.search",
    "gongkai_platform.portal",
    "gongkai_platform.annual_reports",
    "gongkai_platform.supervision",
    "gongkai_platform.demo",
    "gongkai_platform.applications",
    "gongkai_platform.appeals",
    "gongkai_platform.workspace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "gongkai_platform.middleware.PermissionsPolicyMiddleware",
    "gongkai_platform.middleware.DatabaseBusyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai_platform.urls"
WSGI_APPLICATION = "gongkai_platform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai_platform.workdays.context_processors.calendar_warning",
                "gongkai_platform.workspace.context_processors.workspace",
            ],
        },
    },
]

# Every form renders through the shared components (docs/ui.md); a failed CSRF check shows a Chinese page.
FORM_RENDERER = "gongkai_platform.workspace.forms.FormRenderer"
CSRF_FAILURE_VIEW = "gongkai_platform.workspace.views.csrf_failure"

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dburl.parse(os.environ["DATABASE_URL"])}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": dburl.sqlite_database(VAR_DIR / "gongkai.sqlite3")}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A write waits at most this long for a row lock, then the request answers 503 请稍后重试 (middleware.py)
    # instead of hanging; SQLite's equivalent is the 20 s busy timeout in dburl.py.
    # JIT compilation pays off for analytical scans of millions of rows, not for the platform's queries: it
    # added 0.4-0.5 s to the roll-up's grouped counts over 300,000 items (docs/benchmarks.md, province).
    lock_timeout = int(os.environ.get("GONGKAI_DB_LOCK_TIMEOUT_MS", "10000"))
    DATABASES["default"]["OPTIONS"].setdefault("options", f"-c lock_timeout={lock_timeout} -c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes, accounts/throttle.py). Failures are counted per normalised user name *and*
# client address, so an anonymous visitor can lock a name only on their own address, never the account itself
# or everyone behind one office NAT. The lock lifts after the cool-off or when an admin unlocks it.
AUTHENTICATION_BACKENDS = [
    "gongkai_platform.accounts.backends.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("GONGKAI_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "gongkai_platform.accounts.throttle.axes_username"
AXES_CLIENT_IP_CALLABLE = "gongkai_platform.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "gongkai_platform.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = (
    False  # guesses during a lock neither extend it nor write rows
)
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit log already
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ENABLE_ADMIN = False  # accounts/admin.py shows the records with Chinese labels and an audited unlock
AXES_VERBOSE = False

# The client address behind a reverse proxy (clientip.py): only the header named here is believed, and only
# when it is set; TRUSTED_PROXY_COUNT is the number of proxies of our own in front of the app.
TRUSTED_PROXY_HEADER = os.environ.get("GONGKAI_TRUSTED_PROXY_HEADER", "")
TRUSTED_PROXY_COUNT = int(os.environ.get("GONGKAI_TRUSTED_PROXY_COUNT", "1"))

LANGUAGE_CODE = "zh-hans"
LOCALE_PATHS = [PACKAGE_DIR / "locale"]  # Chinese for what Django and third-party apps leave untranslated
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("GONGKAI_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("GONGKAI_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("GONGKAI_FILE_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(os.environ.get("GONGKAI_FILE_STORAGE_OPTIONS", "{}")),
    },
    # Production serves static files from the app processes through WhiteNoise (compressed, hashed names,
    # cached forever); `manage.py collectstatic` fills STATIC_ROOT before start.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# While developing, WhiteNoise serves straight from the apps' static folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Attachments: what a published item may carry. Checked by extension and by the file's leading bytes.
ATTACHMENT_MAX_BYTES = int(os.environ.get("GONGKAI_ATTACHMENT_MAX_BYTES", str(50 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "gongkai_platform.catalogue.uploads.SizeLimitedUploadHandler",  # stops at ATTACHMENT_MAX_BYTES
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# The bulk audit of published reports (supervision/bulk_audit.py, docs/operations.md): one batch holds at most
# this many report files (zip members included) and bytes (uploaded, and again once unpacked); one report file
# at most BULK_AUDIT_MAX_FILE_BYTES. Its view has its own upload handler (one closed temporary file per file),
# so only the count of files per request is raised here for every form: Django refuses more with HTTP 400 before
# any view runs, and the bulk audit page catches that to say the limit instead.
BULK_AUDIT_MAX_FILES = int(os.environ.get("GONGKAI_BULK_AUDIT_MAX_FILES", "5000"))
BULK_AUDIT_MAX_BATCH_BYTES = int(os.environ.get("GONGKAI_BULK_AUDIT_MAX_MB", "500")) * 1024 * 1024
BULK_AUDIT_MAX_FILE_BYTES = 50 * 1024 * 1024  # the core parser's own limit (gongkai.parsers.MAX_BYTES)
DATA_UPLOAD_MAX_NUMBER_FILES = BULK_AUDIT_MAX_FILES
# A running bulk audit whose worker has saved no progress for this long is shown as 已中断, with 继续检查: the
# worker saves after every file and every step, and the slowest single file (a long scanned PDF, several seconds
# a page) or the batch-wide finish of 5,000 reports takes minutes, not half an hour.
BULK_AUDIT_STALE_AFTER = timedelta(minutes=int(os.environ.get("GONGKAI_BULK_AUDIT_STALE_MINUTES", "30")))

# Security: cookies are HttpOnly and SameSite always; HTTPS-only flags and HSTS when GONGKAI_SECURE is on.
SECURE = env_flag("GONGKAI_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SECURE:
    SECURE_SSL_REDIRECT = env_flag("GONGKAI_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The preload flag only takes effect once the registrable domain is submitted to the browsers' list; an
    # agency on a shared gov.cn domain leaves that to whoever runs the domain (GONGKAI_HSTS_PRELOAD=0 drops it).
    SECURE_HSTS_PRELOAD = env_flag("GONGKAI_HSTS_PRELOAD", True)

# Shared state of all app processes: Redis in production (GONGKAI_REDIS_URL; GONGKAI_CACHE_PREFIX separates
# installations sharing one server), the local-memory cache of the one process otherwise.
REDIS_URL = os.environ.get("GONGKAI_REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("GONGKAI_CACHE_PREFIX", "gongkai"),
        }
    }
    # Sessions read from Redis and are written through to the database, so a Redis restart logs no one out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Content-Security-Policy (django-csp): scripts and styles only from our own static files; a <style> block needs
# the per-response nonce ({{ request.csp_nonce }}). The API docs page (ninja's local Swagger UI) fits this
# policy; its settings are a JSON data block, which CSP does not treat as script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", csp_nonce],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy (middleware.py): no page of the platform uses these browser features.
PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), "
    "magnetometer=(), microphone=(), payment=(), serial=(), usb=()"
)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "WARNING"}},  # its INFO lines are per-page layout progress
}

# Whole-page cache of the public portal (portal/cache.py): a publication shows within a second everywhere. Off
# while developing; five minutes in production, where it keeps the list page near a bare view's throughput
# (docs/benchmarks-search.md).
PORTAL_CACHE_SECONDS = int(os.environ.get("GONGKAI_PORTAL_CACHE_SECONDS", "0" if DEBUG else "300"))

# Messages to applicants and staff: printed on the console unless an SMTP server is configured
# (GONGKAI_EMAIL_HOST, _PORT, _USER, _PASSWORD, _USE_TLS, GONGKAI_EMAIL_FROM). SMS go through
# GONGKAI_SMS_BACKEND (a class with send(phone, text), applications/sms.py); the default only logs them.
EMAIL_HOST = os.environ.get("GONGKAI_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("GONGKAI_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("GONGKAI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GONGKAI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("GONGKAI_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_EMAIL_FROM", "gongkai@localhost")
GONGKAI_SMS_BACKEND = os.environ.get(
    "GONGKAI_SMS_BACKEND", "gongkai_platform.applications.sms.LoggingBackend"
)
# The address applicants follow in messages (e.g. https://xxgk.example.gov.cn); empty gives relative links.
GONGKAI_PUBLIC_URL = os.environ.get("GONGKAI_PUBLIC_URL", "")
# 第三十一条: online applications count as received when the office confirms them; an agency whose published
# rules confirm online applications on submission sets this.
GONGKAI_APPLICATIONS_AUTO_CONFIRM = env_flag("GONGKAI_APPLICATIONS_AUTO_CONFIRM", False)
# Table 四 across years (docs/legal.md §Table 四): filing_year (a case counts in the year it was filed, with its
# result as known on 31 December) or carry_open (also counted again each year it is still undecided on 1 January).
GONGKAI_APPEALS_COUNTING = os.environ.get("GONGKAI_APPEALS_COUNTING", "filing_year")
