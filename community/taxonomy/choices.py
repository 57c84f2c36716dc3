"""Tools and categories as filter choices ((slug, name) pairs), cached until a
moderator changes either list (``bump_choices_version`` on save and delete)."""

from django.core.cache import cache

from yokoten.i18n import in_english

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

    english = in_english()
    key = f"taxonomy:choices:{choices_version()}:{'en' if english else 'ja'}"
    choices = cache.get(key)
    if choices is None:
        choices = {
            "tools": [(tool.slug, tool.local_name) for tool in Tool.objects.all()],
            "categories": [(term.slug, term.local_name) for term in Category.objects.all()],
        }
        cache.set(key, choices, 60 * 60)
    return choices


def tool_choices() -> list[tuple[str, str]]:
    return term_choices()["tools"]


def category_choices() -> list[tuple[str, str]]:
    return term_choices()["categories"]
