from django.apps import AppConfig


class YokotenConfig(AppConfig):
    """The project package: URLs, API, middleware. Its ready() retires cached pages
    when Wagtail publishes, unpublishes, moves or deletes a page (cache_policy.py),
    registers the production system checks, keeps allauth's rate-limit counters
    in the database and reads the content types all at once (content_types.py)."""

    name = "yokoten"
    verbose_name = "Yokoten"

    def ready(self):
        from . import checks  # noqa: F401
        from .cache import keep_rate_limits_in_the_database
        from .cache_policy import connect_wagtail
        from .content_types import read_all_at_once

        keep_rate_limits_in_the_database()
        connect_wagtail()
        read_all_at_once()
