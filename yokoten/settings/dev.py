"""Local development and the demo: DEBUG on, a throwaway key, SQLite."""

import os

os.environ.setdefault("SECRET_KEY", "demo-only-insecure-key-do-not-deploy")
os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: F403
from .base import BASE_DIR, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "casestudies.demo"]  # load_demo, seed_demo

(BASE_DIR / "var").mkdir(exist_ok=True)
