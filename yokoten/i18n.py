"""Names kept in two languages: a model field in Japanese (``name``) beside its
English (``name_en``), read in the reader's language."""

from django.utils.translation import get_language


def in_english() -> bool:
    """Whether the page being made is in English (Japanese is the default)."""
    return (get_language() or "ja").split("-")[0] == "en"


def local(obj, field: str) -> str:
    """``obj.<field>_en`` on an English page when it is filled, else ``obj.<field>``."""
    if in_english() and (english := getattr(obj, f"{field}_en", "")):
        return english
    return getattr(obj, field)
