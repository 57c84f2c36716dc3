from django.apps import AppConfig


class YokotenConfig(AppConfig):
    """The project package: URLs, API, middleware. Its ready() connects the
    page cache's invalidation to every write, in web processes and commands alike,
    registers the production system checks and keeps allauth's rate-limit counters
    in the database."""

    name = "yokoten"
    verbose_name = "Yokoten"

    def ready(self):
        from . import checks, page_cache  # noqa: F401
        from .cache import keep_rate_limits_in_the_database

        keep_rate_limits_in_the_database()
