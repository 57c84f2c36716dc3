"""Which models are searchable, and how to read them.

Each content type registers itself once, in its app's ``AppConfig.ready()``::

    from community.search.registry import register

    register(
        CaseStudyPage,
        get_queryset=lambda: CaseStudyPage.objects.live().public(),
        get_title=lambda page: page.title,
        get_body=lambda page: page.search_body(),
    )

``rebuild_search_index`` then rebuilds every registered model from what its
``get_queryset`` calls public, and ``sync_object`` lets a save or publish
signal keep one object's entry right.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models.signals import post_delete

from .index import build_entry, index_object, remove_object
from .models import SearchEntry

BULK_BATCH = 200


@dataclass(frozen=True)
class Registration:
    model: type[models.Model]
    # Everything of this model that the public may find, and nothing else.
    get_queryset: Callable[[], models.QuerySet]
    get_title: Callable[[models.Model], str]
    get_body: Callable[[models.Model], str]
    # Whether anyone may see an indexed object (SearchEntry.public); None: everyone may
    # see all of them. A model some of whose objects only some readers see (the
    # questions of staff-only boards) says which, and re-marks its entries
    # (``index.set_public``) when that changes without the object being saved.
    is_public: Callable[[models.Model], bool] | None = None

    def public(self, obj: models.Model) -> bool:
        return True if self.is_public is None else bool(self.is_public(obj))

    def entry(self, obj: models.Model, **options):
        """``obj``'s unsaved ``SearchEntry`` (``build_entry``'s ``options``: ``analyse``)."""
        return build_entry(
            obj,
            title=self.get_title(obj),
            body=self.get_body(obj),
            public=self.public(obj),
            **options,
        )

    @property
    def label(self) -> str:
        return self.model._meta.label


_registry: dict[type[models.Model], Registration] = {}


def register(
    model: type[models.Model],
    *,
    get_queryset: Callable[[], models.QuerySet],
    get_title: Callable[[models.Model], str],
    get_body: Callable[[models.Model], str],
    is_public: Callable[[models.Model], bool] | None = None,
) -> Registration:
    """Make ``model`` searchable; registering it again replaces the earlier registration.
    ``is_public``: whether anyone may see an object ``get_queryset`` holds (by default
    all of them)."""
    registration = Registration(model, get_queryset, get_title, get_body, is_public)
    _registry[model] = registration
    # A deleted object leaves the index: a list searched whole counts its entries.
    post_delete.connect(
        _deleted, sender=model, weak=False, dispatch_uid=f"search.deleted.{registration.label}"
    )
    return registration


def _deleted(sender, instance, **kwargs) -> None:
    remove_object(instance)


def unregister(model: type[models.Model]) -> None:
    _registry.pop(model, None)


def registrations() -> list[Registration]:
    return list(_registry.values())


def registration_for(obj_or_model) -> Registration | None:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return _registry.get(model)


# Objects waiting for the end of a ``deferred()`` block, by (model, pk).
_pending: ContextVar[dict | None] = ContextVar("search_sync_pending", default=None)


@contextmanager
def deferred() -> Iterator[None]:
    """Inside the block, ``sync_object`` only notes the object; each noted object is
    synced once when the block ends (still inside the caller's transaction), in
    the state its last noted instance has then.

    For code that changes one object many times in a row: a question and the
    answers posted to it one after another would otherwise re-read and
    re-analyse the whole thread after every answer. A nested block joins the
    outer one. If the block raises, nothing is synced.
    """
    if _pending.get() is not None:
        yield
        return
    pending: dict = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for obj in pending.values():
        sync_object(obj)


def sync_object(obj: models.Model) -> bool | None:
    """Index ``obj`` if its model's ``get_queryset`` holds it, else remove it.

    Returns whether ``obj`` is now in the index; None inside ``deferred()``,
    where the sync waits for the end of the block.
    """
    registration = registration_for(obj)
    if registration is None:
        raise LookupError(f"{type(obj).__name__} is not registered for search.")
    pending = _pending.get()
    if pending is not None:
        pending[(registration.model, obj.pk)] = obj
        return None
    if registration.get_queryset().filter(pk=obj.pk).exists():
        index_object(
            obj,
            title=registration.get_title(obj),
            body=registration.get_body(obj),
            public=registration.public(obj),
        )
        return True
    remove_object(obj)
    return False


def sync_many(model: type[models.Model], object_ids) -> None:
    """Bring the entries of ``model``'s objects ``object_ids`` (ids, or a ``values("pk")``
    queryset) in step with its ``get_queryset`` at once, for a change that reaches many
    objects without saving them (a view restriction added above a thousand pages, or
    removed): those it no longer holds leave the index, those it holds and the index
    lacks are indexed. Entries already there keep their text."""
    registration = registration_for(model)
    if registration is None:
        raise LookupError(f"{model.__name__} is not registered for search.")
    from django.contrib.contenttypes.models import ContentType

    held = registration.get_queryset().filter(pk__in=object_ids)
    entries = SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=object_ids
    )
    entries.exclude(object_id__in=held.values("pk")).delete()
    _index_all(registration, held.exclude(pk__in=entries.values("object_id")))


def _index_all(
    registration: Registration,
    queryset: models.QuerySet | None = None,
    report: Callable[[str], None] | None = None,
) -> int:
    """Index the objects of ``queryset`` (by default all that ``get_queryset`` holds),
    a batch at a time; how many."""
    queryset = registration.get_queryset() if queryset is None else queryset
    count, batch = 0, []
    for obj in queryset.iterator(chunk_size=BULK_BATCH):
        batch.append(registration.entry(obj))
        if len(batch) == BULK_BATCH:
            SearchEntry.objects.bulk_create(batch)
            count, batch = count + len(batch), []
            if report is not None:
                report(f"{registration.label}: {count} indexed …")
    SearchEntry.objects.bulk_create(batch)
    return count + len(batch)


@transaction.atomic
def rebuild_index(report: Callable[[str], None] | None = None) -> list[tuple[Registration, int]]:
    """Empty the index, then index every registered model; the count indexed for each.
    ``report`` hears of each batch written (a command's progress lines).

    One transaction: searches see the old index until the new one is complete.
    """
    SearchEntry.objects.all().delete()
    results = []
    for registration in registrations():
        count = _index_all(registration, report=report)
        if report is not None:
            report(f"{registration.label}: {count} indexed")
        results.append((registration, count))
    return results


# -- kinds: what the site-wide search (/search/, /api/v1/search) lists --------------------


@dataclass(frozen=True)
class Kind:
    """One kind of result of the site-wide search.

    ``filters(request, data)`` returns the kind's list filter set
    (``yokoten.filtering.ListFilterSet``) over everything ``request.user`` may see,
    reading ``data`` (a QueryDict with at least ``q``); its ``results()`` gives
    ``(ranked queryset, snippets by pk)``. ``url(obj, request)`` links a result and
    ``describe(obj)`` says in one line whose it is (a municipality, a board).
    The results' querysets should ``select_related`` what ``describe`` reads.
    """

    slug: str
    label: str  # plural, translatable: "Case studies"
    filters: Callable
    url: Callable
    describe: Callable | None = None
    order: int = 100


_kinds: dict[str, Kind] = {}


def register_kind(
    slug: str,
    *,
    label,
    filters: Callable,
    url: Callable | None = None,
    describe: Callable | None = None,
    order: int = 100,
) -> Kind:
    """List ``slug`` in the site-wide search (registering it again replaces it).

    Call it from the app's ``AppConfig.ready()``; ``url`` defaults to
    ``obj.get_absolute_url()``.
    """
    kind = Kind(
        slug,
        label,
        filters,
        url or (lambda obj, request: obj.get_absolute_url()),
        describe,
        order,
    )
    _kinds[slug] = kind
    return kind


def unregister_kind(slug: str) -> None:
    _kinds.pop(slug, None)


def kinds() -> list[Kind]:
    """Every kind, in the order the search page lists them."""
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.slug))


def kind_for(slug: str) -> Kind | None:
    return _kinds.get(slug)
