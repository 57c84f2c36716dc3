"""make bench: production settings, plus the demo package (load_demo, seed_demo)
and the bare yardstick view at /bench/bare/. Never deploy this profile."""

from .env import env_bool
from .production import *  # noqa: F403
from .production import CACHES, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "casestudies.demo"]
BENCH_BARE_VIEW = True

if env_bool("BENCH_COLD_CACHE", False):
    # make bench's full-render rows: every cache empty on every request (no page,
    # fragment, facet, member or choices cache), what a request costs when nothing
    # is cached at all.
    CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
