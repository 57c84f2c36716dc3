"""The test suite. Uses DATABASE_URL when set (CI runs it on PostgreSQL too)."""

import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, INSTALLED_APPS, REDIS_URL, STORAGES

INSTALLED_APPS = [*INSTALLED_APPS, "casestudies.demo"]  # the demo and seed commands are tested too

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Emails go through the outbox as in production and are delivered to Django's
# test outbox. Tasks run at once, after the transaction commits (the immediate
# backend); tests/mail runs the database queue and its worker for real.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test runner wraps each test in a transaction; a pool adds nothing there.
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)
# The production cache: Redis when REDIS_URL is set (the PostgreSQL leg of CI, on a
# database of its own, emptied before and after every test); otherwise one cache
# in the test process (the SQLite leg, a machine without Redis).
if REDIS_URL:
    # `make test` runs the suite in parallel processes (pytest-xdist); each empties its
    # cache between tests, so each gets a Redis database of its own: the URL's, then
    # the next ones (gw1 → +1), wrapping at Redis's 16.
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    url = urlsplit(REDIS_URL)
    number = int(url.path.strip("/") or 0)
    location = urlunsplit(url._replace(path=f"/{(number + worker) % 16}"))
    CACHES = {
        **CACHES,
        "default": {**CACHES["default"], "LOCATION": location, "KEY_PREFIX": "yokoten-test"},
    }
else:
    CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The page cache is on, as in production, so every test that reads after a write
# proves the write retired what it changed; tests that count the queries of a full
# render ask for the `full_renders` fixture (tests/conftest.py).
YOKOTEN_PAGE_CACHE = True
