"""Tools, categories (and the term lists registered with them) as filter choices ((slug, name) pairs), cached until a
moderator changes either list (``bump_choices_version`` on save and delete)."""

from types import SimpleNamespace

from asgiref.local import Local
from django.apps import apps
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db.models import IntegerField, Value

from yokoten.i18n import in_english, local

CHOICES_VERSION_KEY = "knowledge:choices-version"
# Within one request the lists are read once per language: a filtered list asks for
# them about ten times (its form, its checks, its facets and chips), each two cache
# round trips. Outside a request (a task, the shell) every call reads the cache.
_request = Local()


def choices_version() -> int:
    """Cached tool and category choices are valid until this number changes."""
    return cache.get_or_set(CHOICES_VERSION_KEY, 1, timeout=None)


def bump_choices_version(**kwargs) -> None:
    if getattr(_request, "choices", None):
        _request.choices = {}  # this request reads the new lists too
    try:
        cache.incr(CHOICES_VERSION_KEY)
    except ValueError:
        cache.set(CHOICES_VERSION_KEY, 2, timeout=None)


# The term lists read as choices: tools and categories, and the lists an upper wing
# adds (``register_term_list``: the case studies' funding programmes).
TERM_LISTS: dict[str, str] = {"tools": "taxonomy.Tool", "categories": "taxonomy.Category"}


def register_term_list(name: str, model_label: str) -> None:
    """Read ``model_label`` (a ``TaxonomyTerm``, whose saves bump the choices version)
    with the tools and categories, as ``term_choices()[name]``."""
    TERM_LISTS[name] = model_label


def _start_request(**kwargs) -> None:
    _request.choices = {}


def _end_request(**kwargs) -> None:
    _request.choices = None


request_started.connect(_start_request, dispatch_uid="taxonomy-choices-start")
request_finished.connect(_end_request, dispatch_uid="taxonomy-choices-end")


def term_choices() -> dict[str, list[tuple[str, str]]]:
    english = in_english()
    held = getattr(_request, "choices", None)
    if held is not None and english in held:
        return held[english]
    key = f"taxonomy:choices:{choices_version()}:{'en' if english else 'ja'}"
    choices = cache.get(key)
    if choices is None:
        choices = _read_term_lists()
        cache.set(key, choices, 60 * 60)
    if held is not None:
        held[english] = choices
    return choices


def _read_term_lists() -> dict[str, list[tuple[str, str]]]:
    """Every term list's (slug, local name) pairs, in the lists' order, in one query."""
    names = list(TERM_LISTS)
    parts = [
        apps.get_model(TERM_LISTS[name])
        .objects.annotate(list=Value(position, output_field=IntegerField()))
        .values_list("list", "slug", "name", "name_en", "sort_order")
        .order_by()
        for position, name in enumerate(names)
    ]
    rows = parts[0].union(*parts[1:], all=True).order_by("list", "sort_order", "name")
    choices = {name: [] for name in names}
    for position, slug, name, name_en, _order in rows:
        term = SimpleNamespace(name=name, name_en=name_en)
        choices[names[position]].append((slug, local(term, "name")))
    return choices


def tool_choices() -> list[tuple[str, str]]:
    return term_choices()["tools"]


def category_choices() -> list[tuple[str, str]]:
    return term_choices()["categories"]
