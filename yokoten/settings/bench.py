"""make bench: production settings, plus the demo package (load_demo, seed_demo)
and the bare yardstick view at /bench/bare/. Never deploy this profile."""

from .production import *  # noqa: F403
from .production import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "casestudies.demo"]
BENCH_BARE_VIEW = True
