"""The site as production runs it (connection pool, Redis, page cache, DEBUG off),
minus HTTPS and the static manifest, for the outage tests that start a server
(tests/site/test_database_outage.py)."""

from yokoten.settings.base import *  # noqa: F403
from yokoten.settings.base import STORAGES

DEBUG = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
