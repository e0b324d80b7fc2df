"""Settings shared by every environment. Everything a lab may change comes from FABDESK_*
environment variables; see docs/configuration.md for the full list."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_path, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent
DATA_DIR = env_path("FABDESK_DATA_DIR", PROJECT_DIR / "var")

DEBUG = env_bool("FABDESK_DEBUG", True)
# The development key is only for the embedded demo; production.py refuses to start without
# FABDESK_SECRET_KEY.
SECRET_KEY = env_str("FABDESK_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("FABDESK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("FABDESK_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("FABDESK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Fabdesk's apps come first: their templates and their French wording win over Django's
    # and allauth's ("Log in" stays "Se connecter", not the admin's "Connexion").
    "fabdesk.accounts",
    "fabdesk.core",
    "fabdesk.members",
    "fabdesk.notifications",
    "fabdesk.tokens",
    "fabdesk.equipment",
    "fabdesk.incidents",
    "fabdesk.maintenance",
    "fabdesk.training",
    "fabdesk.schedule",
    "fabdesk.booking",
    "fabdesk.fabrication",
    "fabdesk.events",
    "fabdesk.billing",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "ninja",  # Swagger UI for /api/v1/docs from the app's static files, no CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fabdesk.core.middleware.LabMiddleware",
    "fabdesk.core.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "fabdesk.urls"
WSGI_APPLICATION = "fabdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fabdesk.core.context_processors.fabdesk",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("FABDESK_DATABASE_URL", f"sqlite:///{DATA_DIR / 'fabdesk.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the
    # start of a transaction so concurrent writers queue instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("FABDESK_DB_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fabdesk",
    }
}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str("FABDESK_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_ADAPTER = "fabdesk.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "fabdesk.accounts.forms.SignupForm"}
# One email address per member; changing it sends a verification mail to the new address.
ACCOUNT_CHANGE_EMAIL = True
# A taken email address gets a clear error on sign-up (what members expect from their lab)
# rather than a silent "check your mail"; the rate limits below keep probing slow (ADR 0006).
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_SIGNUP_REDIRECT_URL = "core:home"
ACCOUNT_RATE_LIMITS = {
    # Failed logins per IP and per account; allauth answers 429 beyond.
    "login_failed": env_str("FABDESK_LOGIN_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}

# --- Languages, time ------------------------------------------------------------------------
LANGUAGE_CODE = env_str("FABDESK_LANGUAGE_CODE", "fr")
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "fabdesk_language"
USE_I18N = True
TIME_ZONE = "UTC"  # stored in UTC; shown in the lab's time zone (core.middleware)
USE_TZ = True
FORMAT_MODULE_PATH = ["fabdesk.core.formats"]

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env_path("FABDESK_STATIC_ROOT", DATA_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("FABDESK_MEDIA_ROOT", DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Largest upload accepted (logos, CSV imports); larger requests are refused with a message.
FABDESK_MAX_UPLOAD_BYTES = env_int("FABDESK_MAX_UPLOAD_MB", 10) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = FABDESK_MAX_UPLOAD_BYTES
# 3D models for the print service are larger: their own limit, on their upload paths only
# (each lab may accept less in its print settings).
FABDESK_MAX_MODEL_UPLOAD_BYTES = env_int("FABDESK_MAX_MODEL_UPLOAD_MB", 100) * 1024 * 1024
FABDESK_MODEL_UPLOAD_PATHS = ("/prints/", "/api/v1/quotes", "/api/v1/print-jobs")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Print service: the slicer behind exact quotes (Debian package prusa-slicer) -------------
FABDESK_SLICER_PATH = env_str("FABDESK_SLICER_PATH", "prusa-slicer")
FABDESK_SLICER_TIMEOUT = env_int("FABDESK_SLICER_TIMEOUT", 120)  # seconds per file
# Uploaded 3D files are read in a child process with limits (fabrication/sandbox.py): memory
# beyond the loaded libraries, and seconds before it is stopped.
FABDESK_ANALYSIS_MEMORY_MB = env_int("FABDESK_ANALYSIS_MEMORY_MB", 1024)
FABDESK_ANALYSIS_TIMEOUT = env_int("FABDESK_ANALYSIS_TIMEOUT", 30)

# --- Mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("FABDESK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("FABDESK_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("FABDESK_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("FABDESK_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("FABDESK_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("FABDESK_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("FABDESK_EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("FABDESK_DEFAULT_FROM_EMAIL", "Fabdesk <no-reply@localhost>")
SERVER_EMAIL = env_str("FABDESK_SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Background tasks -----------------------------------------------------------------------
# "database" queues tasks in the database for `fabdesk db_worker`; "immediate" runs them in
# the request (the development default, so `make run` needs no second process).
TASKS_BACKEND = env_str("FABDESK_TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default", "mail"],
    }
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("FABDESK_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
