"""Tools and categories as filter choices ((slug, name) pairs), cached until a
moderator changes either list (``bump_choices_version`` on save and delete)."""

from django.core.cache import cache

CHOICES_VERSION_KEY = "knowledge:choices-version"


def choices_version() -> int:
    """Cached tool and category choices are valid until this number changes."""
    return cache.get_or_set(CHOICES_VERSION_KEY, 1, timeout=None)


def bump_choices_version(**kwargs) -> None:
    try:
        cache.incr(CHOICES_VERSION_KEY)
    except ValueError:
        cache.set(CHOICES_VERSION_KEY, 2, timeout=None)


def term_choices() -> dict[str, list[tuple[str, str]]]:
    from .models import Category, Tool

    key = f"taxonomy:choices:{choices_version()}"
    choices = cache.get(key)
    if choices is None:
        choices = {
            "tools": [(tool.slug, tool.name) for tool in Tool.objects.all()],
            "categories": [(category.slug, category.name) for category in Category.objects.all()],
        }
        cache.set(key, choices, 60 * 60)
    return choices


def tool_choices() -> list[tuple[str, str]]:
    return term_choices()["tools"]


def category_choices() -> list[tuple[str, str]]:
    return term_choices()["categories"]
