"""GreenCluster settings: one module, driven by environment variables.

GREENCLUSTER_VAR_DIR     where the SQLite database, secret key, uploads and static files live
                         (default: ./var)
DATABASE_URL             e.g. postgres://user:pass@127.0.0.1:5432/greencluster (default SQLite)
GREENCLUSTER_DEBUG       "1" for development only
GREENCLUSTER_SECRET_KEY  overrides the key generated on first run under the var directory
GREENCLUSTER_ALLOWED_HOSTS  comma-separated (default 127.0.0.1,localhost)
GREENCLUSTER_HTTPS       "1" in production behind TLS: secure cookies, HTTPS redirect, HSTS
                         (`manage.py check --deploy` is clean with it)
GREENCLUSTER_TILE_URL    map tile URL template; empty for no tiles (markers still render)
GREENCLUSTER_REDIS_URL   e.g. redis://127.0.0.1:6379/0: long jobs run in a worker
                         (`manage.py run_worker`); unset, they run at once in the request
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

WEB_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("GREENCLUSTER_VAR_DIR", Path.cwd() / "var")).resolve()


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _secret_key() -> str:
    """The key from the environment, else the one kept under the var directory (created with
    owner-only permissions on first use, never committed)."""
    if key := os.environ.get("GREENCLUSTER_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = _env_flag("GREENCLUSTER_DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("GREENCLUSTER_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("GREENCLUSTER_CSRF_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "axes",
    "greencluster.web.common",
    "greencluster.web.accounts",
    "greencluster.web.audit",
    "greencluster.web.registry",
    "greencluster.web.heat",
    "greencluster.web.impact",
    "greencluster.web.knowledge",
    "greencluster.web.marketplace",
    "greencluster.web.events",
    "greencluster.web.network",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "greencluster.web.common.middleware.RefuseUnstorableTextMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "greencluster.web.common.security.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "greencluster.web.config.urls"
WSGI_APPLICATION = "greencluster.web.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "greencluster.web.common.context.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'greencluster.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id first (OWASP's first choice for password storage); older hashes keep working and
# are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "greencluster.web.common.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): 5 failed attempts for one user name from one address lock
# that pair for 15 minutes; a successful login clears the count.
AXES_FAILURE_LIMIT = int(os.environ.get("GREENCLUSTER_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(
    minutes=int(os.environ.get("GREENCLUSTER_LOGIN_COOLOFF_MIN", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "registry:home"
LOGOUT_REDIRECT_URL = "registry:home"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fi", "Suomi"),
    ("sv", "Svenska"),
    ("nb", "Norsk bokmål"),
    ("et", "Eesti"),
    ("de", "Deutsch"),
]
LOCALE_PATHS = [WEB_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [WEB_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "greencluster.web.config.storage.StaticStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A KPI report form may carry 300 activity lines of about a dozen fields each.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
GREENCLUSTER_MAX_IMPORT_BYTES = 10 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "GREENCLUSTER_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("GREENCLUSTER_FROM_EMAIL", "greencluster@localhost")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if _env_flag("GREENCLUSTER_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    # The site's own sub-domains are HTTPS too; set GREENCLUSTER_HSTS_PRELOAD=0 before
    # deploying on a domain whose other sub-domains still serve plain HTTP.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("GREENCLUSTER_HSTS_PRELOAD", True)
    SECURE_HSTS_PRELOAD = _env_flag("GREENCLUSTER_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GREENCLUSTER_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}, "axes": {"level": "WARNING"}},
}

GREENCLUSTER = {
    "TILE_URL": os.environ.get(
        "GREENCLUSTER_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    ),
    "TILE_ATTRIBUTION": os.environ.get(
        "GREENCLUSTER_TILE_ATTRIBUTION", "&copy; OpenStreetMap contributors"
    ),
    # Aggregates shown to a cluster never cover fewer organisations than this.
    "MIN_GROUP_SIZE": int(os.environ.get("GREENCLUSTER_MIN_GROUP_SIZE", "3")),
    "SITE_NAME": _("GreenCluster"),
    # Background jobs: RQ on this Redis when set, else synchronous (no broker needed).
    "REDIS_URL": os.environ.get("GREENCLUSTER_REDIS_URL", ""),
    "TASK_QUEUE": os.environ.get("GREENCLUSTER_TASK_QUEUE", "greencluster"),
}
