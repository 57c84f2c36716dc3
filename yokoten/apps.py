from django.apps import AppConfig


class YokotenConfig(AppConfig):
    """The project package: URLs, API, middleware. Its ready() connects the
    page cache's invalidation to every write, in web processes and commands alike,
    and registers the production system checks."""

    name = "yokoten"
    verbose_name = "Yokoten"

    def ready(self):
        from . import checks, page_cache  # noqa: F401
