"""Production: HTTPS only, strict cookies, HSTS, JSON logs. Nothing deployment-specific
has a default here: start-up stops with one message naming every variable that is
missing (or points at the wrong kind of service), and a system check
(``yokoten/checks.py``) refuses SQLite and a per-process cache."""

from .env import require

require(
    {
        "SECRET_KEY": "a long random string",
        "DATABASE_URL": "PostgreSQL, e.g. postgresql://yokoten:password@127.0.0.1:5432/yokoten",
        "REDIS_URL": "the shared cache, e.g. redis://127.0.0.1:6379/0",
        "SITE_URL": "the public address used in emails, e.g. https://yokoten.example.jp",
        "ALLOWED_HOSTS": "comma-separated host names, e.g. yokoten.example.jp",
        "EMAIL_HOST": "the outgoing mail server",
        "DEFAULT_FROM_EMAIL": "the sender of every email, e.g. Yokoten <noreply@yokoten.example.jp>",
    },
    schemes={
        "DATABASE_URL": ("postgres://", "postgresql://"),
        "REDIS_URL": ("redis://", "rediss://", "unix://"),
        "SITE_URL": ("https://", "http://"),
    },
)

from yokoten.logs import JSON_FORMATTER  # noqa: E402

from .base import *  # noqa: E402, F403
from .base import LOGGING, MEDIA_ROOT, MEDIA_URL  # noqa: E402
from .env import env_bool, env_int, env_str  # noqa: E402

DEBUG = False
YOKOTEN_PRODUCTION = True

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz"]  # probes may ask over plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# "__Host-": browsers keep these cookies only if sent over HTTPS for this very host
# and the whole site (Secure, Path=/, no Domain), so no other host under the same
# domain can set or overwrite a member's session or CSRF cookie.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_SAMESITE = "Lax"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# Media: nginx serves Wagtail's image renditions from MEDIA_ROOT itself; documents
# go through Django (their privacy rules), which answers with X-Accel-Redirect for
# nginx to send the file (deploy/nginx/yokoten-site.conf). MEDIA_X_ACCEL=0 streams
# them from Django instead, where no such proxy is in front.
if env_bool("MEDIA_X_ACCEL", True):
    SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    SENDFILE_ROOT = str(MEDIA_ROOT)
    SENDFILE_URL = MEDIA_URL.rstrip("/")

# The site queues every email (EMAIL_BACKEND, the outbox); the task worker delivers
# it through SMTP unless EMAIL_BACKEND names another delivery backend.
EMAIL_DELIVERY_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# One JSON object a line on stderr (gunicorn's own logs too: deploy/gunicorn.conf.py),
# for a log collector to index by level, logger and request.
LOGGING = {
    **LOGGING,
    "formatters": {"json": JSON_FORMATTER},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
}
