"""Production settings: PostgreSQL, gunicorn behind a TLS reverse proxy, the database task
queue. Every value comes from the environment; see docs/deploying.md."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATA_DIR
from .env import env_bool, env_int, env_str

DEBUG = False
SECRET_KEY = env_str("FABDESK_SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "FABDESK_SECRET_KEY must be set to a random string of at least 50 characters "
        '(python -c "import secrets; print(secrets.token_urlsafe(64))").'
    )

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail"],
    }
}
CACHES = {
    # Shared by every gunicorn worker on the host, so login rate limits hold across them.
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
    }
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
EMAIL_BACKEND = env_str("FABDESK_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("FABDESK_SSL_REDIRECT", True)
# A monitor may ask gunicorn for /healthz directly, without going through the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("FABDESK_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("FABDESK_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("FABDESK_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
