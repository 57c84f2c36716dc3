"""Settings shared by every profile. Everything deployment-specific comes
from the environment through the typed helpers in ``env.py``."""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Project apps first so their templates and translations win.
    "yokoten.apps.YokotenConfig",
    # The community wing: people, conversation and the shared foundations.
    "community.municipalities",
    "community.accounts",
    "community.audit",
    "community.taxonomy",
    "community.documents",
    "community.submissions",
    "community.mail",
    "community.search",
    "community.notifications",
    "community.forum",
    "community.visits",
    "community.events",
    "community.notices",
    "community.charts",
    # The published-knowledge wing (Wagtail pages), which builds on the community.
    "casestudies.home",
    "casestudies.knowledge",
    "casestudies.cases",
    "casestudies.apptemplates",
    "casestudies.curricula",
    "casestudies.adoption",
    "casestudies.impact",
    "casestudies.evidence",
    "casestudies.handover",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
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
    # Django
    "community.accounts.admin_site.SecondFactorAdminConfig",  # django.contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    # Third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "ninja",  # the API docs' Swagger UI from our static files, not a CDN
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "yokoten.page_cache.AnonymousPageCacheMiddleware",  # needs no database, to serve in an outage
    "yokoten.outage.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "yokoten.errors.ErrorPagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything asks who the member is: their kept page is read with their row.
    "yokoten.member_cache.ReadOwnPageAhead",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "community.accounts.middleware.SecondFactorMiddleware",
    "community.accounts.middleware.StaffVerificationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "yokoten.middleware.SiteContentSecurityPolicyMiddleware",
    "yokoten.middleware.PrivacyHeadersMiddleware",  # above the member cache: see there
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that a cached member page still passes every header-setting middleware above.
    "yokoten.member_cache.MemberPageCacheMiddleware",
]

ROOT_URLCONF = "yokoten.urls"
WSGI_APPLICATION = "yokoten.wsgi.application"

# Form widgets render through TEMPLATES, so templates/ may hold widget templates
# (templates/components/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {{ text|ja }} and {% lang_of text %}: Japanese marked on English pages.
            "builtins": ["yokoten.templatetags.language"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "csp.context_processors.nonce",
                "yokoten.context_processors.site",
                "community.accounts.context_processors.roles",
                "community.municipalities.context_processors.data_attribution",
                "community.notifications.context_processors.unread_notifications",
                # Form tokens are a placeholder while the member page cache stores a page.
                "yokoten.member_cache.storing_csrf_token",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# SQLite by default (the demo); PostgreSQL through DATABASE_URL, with psycopg's
# connection pool unless DATABASE_POOL=0. When the database does not answer, a
# request waits at most DATABASE_TIMEOUT seconds to connect or for a pooled
# connection, then gets the 503 page (yokoten/outage.py).
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
DATABASE_TIMEOUT = env_int("DATABASE_TIMEOUT", 2)  # libpq counts whole seconds, at least 2
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {"connect_timeout": DATABASE_TIMEOUT}
    if env_bool("DATABASE_POOL", True):
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": 1,
            "max_size": env_int("DATABASE_POOL_MAX", 4),
            "timeout": DATABASE_TIMEOUT,
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Cache ------------------------------------------------------------------
# Redis holds only what the database can rebuild; when it is down or slow the site
# renders everything in full (yokoten/cache.py). Rate-limit counters must survive
# an outage and a restart, so they are kept in the database ("ratelimits").
# Without Redis (the demo, development) the cache is a table in the database: the
# web server and the task worker are two processes, and a notification the worker
# makes must retire the unread count the web server cached.
REDIS_URL = env_str("REDIS_URL", "")
REDIS_TIMEOUT = env_float("REDIS_TIMEOUT", 0.5)  # seconds, to connect and for each reply
CACHES = {
    "default": {
        "BACKEND": "yokoten.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "yokoten"),
        "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
    }
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "yokoten_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    },
    "ratelimits": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "yokoten_rate_limits",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "yokoten" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Background tasks -------------------------------------------------------
# Django's task framework (django-tasks) on the database: ``manage.py db_worker``
# runs them (yokoten/tasks.py says why the database). Emails go first (priority).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Email ------------------------------------------------------------------
# Every email is queued in the outbox (community/mail) and handed to the
# delivery backend by a task: SMTP in production, the console in the demo.
EMAIL_BACKEND = "community.mail.backend.OutboxBackend"
EMAIL_DELIVERY_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Attempts before an email is left to an administrator: 1, 2, 4 … 32 minutes,
# then hourly, so 30 attempts cover about a day of mail-server trouble.
YOKOTEN_EMAIL_MAX_ATTEMPTS = env_int("YOKOTEN_EMAIL_MAX_ATTEMPTS", 30)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Yokoten <noreply@yokoten.example.jp>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security (tightened further in production.py) --------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview view overrides this for itself.
SESSION_COOKIE_HTTPONLY = True
# Sessions live in the database, read from a copy in Redis that an outage, a
# restart or a lost write can only make a miss: an outage neither signs anyone out
# nor brings back a session that was signed out meanwhile (community/accounts/sessions.py).
SESSION_ENGINE = "community.accounts.sessions"
CSRF_FAILURE_VIEW = "yokoten.errors.csrf_failure"
# The demo runs with DEBUG on but shows the site's own error pages (yokoten/errors.py);
# YOKOTEN_TECHNICAL_ERRORS=1 brings Django's technical pages back while debugging.
YOKOTEN_TECHNICAL_ERRORS = env_bool("YOKOTEN_TECHNICAL_ERRORS", False)
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less template tag.
# Browser features the site never uses, off for it and for anything it embeds
# (yokoten/middleware.py: PrivacyHeadersMiddleware). Fullscreen stays for the site.
YOKOTEN_PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "bluetooth", "camera",
        "display-capture", "encrypted-media", "geolocation", "gyroscope",
        "hid", "idle-detection", "magnetometer", "microphone", "midi", "payment",
        "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "serial",
        "usb", "web-share", "xr-spatial-tracking", "browsing-topics",
    )
} | {"fullscreen": ["self"]}  # fmt: skip
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Paths that carry third-party admin UIs with their own inline scripts and
# styles; they keep every other header but not our strict CSP. (The API docs at
# /api/v1/docs are django-ninja's Swagger UI from static files, under the CSP.)
CSP_EXEMPT_PATH_PREFIXES = ("/cms/", "/django-admin/")

# --- Wagtail ----------------------------------------------------------------
WAGTAIL_SITE_NAME = "Yokoten"
# The address every email links to (never the host name of the request that sent it).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
# Nothing in the admin loads from outside the site (it must work on LGWAN).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Uploads are checked by content and structure (community/documents/uploads.py)
# and every document is served as an attachment, never shown inline.
YOKOTEN_UPLOAD_MAX_BYTES = env_int("YOKOTEN_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
WAGTAILDOCS_MAX_UPLOAD_SIZE = YOKOTEN_UPLOAD_MAX_BYTES
WAGTAILDOCS_EXTENSIONS = ["zip", "xlsx", "csv", "pdf", "png", "jpg", "jpeg"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "community.documents.forms.SafeDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "community.documents.forms.SafeImageForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("ja", "日本語")]

# --- Accounts (django-allauth) -----------------------------------------------
AUTHENTICATION_BACKENDS = [
    "community.accounts.backends.CachedModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "community.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_TIMEOUT = 60 * 30
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_MAX_EMAIL_ADDRESSES = 5
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_PREVENT_ENUMERATION = True
# The same work whether or not an address has an account (forms.SignupForm; log-in
# and password reset already do it: tests/accounts/test_enumeration.py).
ACCOUNT_FORMS = {"signup": "community.accounts.forms.SignupForm"}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PASSWORD_MIN_LENGTH = 10
# A whole prefecture's municipalities may reach us through one gateway IP, so
# per-IP limits are generous and per-account limits do the work. Wrong passwords
# on one account slow its next attempts down rather than lock it
# (community/accounts/login_limits.py); "login_failed" here is the per-IP part.
ACCOUNT_RATE_LIMITS = {
    "login": "300/m/ip",
    "login_failed": "200/m/ip",
    "signup": "100/m/ip",
    "confirm_email": "1/3m/key",
    "verify_email": "100/m/ip,5/5m/key",
    "reset_password": "100/m/ip,3/5m/key",
    "reset_password_from_key": "100/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# Per-IP limits key on the client's address: behind nginx (deploy/nginx, which
# appends it to X-Forwarded-For) that is the proxy count's entry from the right;
# 0 (the default) ignores X-Forwarded-For, for a server that faces clients itself.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("YOKOTEN_TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Yokoten"
ACCOUNT_USER_DISPLAY = "community.accounts.models.public_name_of"
YOKOTEN_VERIFICATION_DAYS = env_int("YOKOTEN_VERIFICATION_DAYS", 365)
# One way in: the admin areas' log-in pages lead to allauth's log-in and second
# factor (community/accounts/views.py: second_factor); passwords and addresses are
# changed through allauth only.
WAGTAILADMIN_LOGIN_URL = "accounts:second_factor"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# No avatars from Gravatar: its URL carries a hash of the member's email address.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

# --- Logging ----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# --- Yokoten ----------------------------------------------------------------
YOKOTEN_PRODUCTION = False  # yokoten.settings.production: strict system checks (yokoten/checks.py)
YOKOTEN_PAGE_SIZE = env_int("YOKOTEN_PAGE_SIZE", 50)
BENCH_BARE_VIEW = False  # make bench's yardstick view (yokoten.settings.bench)
# Whole pages for anonymous visitors, and shared pages for signed-in members,
# retired on every write (yokoten/page_cache.py).
YOKOTEN_PAGE_CACHE = env_bool("YOKOTEN_PAGE_CACHE", True)
YOKOTEN_PAGE_CACHE_SECONDS = env_int("YOKOTEN_PAGE_CACHE_SECONDS", 600)
# What gunicorn's master loads before it forks (yokoten/warmup.py): functions that
# take no argument and touch no database.
YOKOTEN_WARM_UP = ["community.search.analysis.warm_up"]
# How long a proxy in front (nginx, a CDN) may serve an anonymous page without
# asking again (its s-maxage); browsers always revalidate (ETag, 304).
YOKOTEN_PROXY_CACHE_SECONDS = env_int("YOKOTEN_PROXY_CACHE_SECONDS", 10)
# Several web servers: how far apart their clocks may be, in seconds (cache_policy.py).
YOKOTEN_CACHE_CLOCK_MARGIN = float(env_str("YOKOTEN_CACHE_CLOCK_MARGIN", "0"))
SITE_TITLE = _("Yokoten")

# --- Forum ------------------------------------------------------------------
# Accounts younger than FORUM_NEW_MEMBER_DAYS (other than verified staff and
# moderators) may post this many questions, answers and comments an hour.
FORUM_NEW_MEMBER_DAYS = env_int("FORUM_NEW_MEMBER_DAYS", 7)
FORUM_NEW_MEMBER_POSTS_PER_HOUR = env_int("FORUM_NEW_MEMBER_POSTS_PER_HOUR", 5)
