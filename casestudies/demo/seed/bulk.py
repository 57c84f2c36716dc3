"""Shared pieces of the ``seed_demo`` steps (each domain's ``seed.py``).

Every step decides what to create first (a plan, from the step's random
generator), then writes it one of two ways that produce the same rows:

- ``through_services=True``: one object at a time through the services the
  site uses. It is the reference, and slow (about an hour at ``--scale 1``).
- the default, in bulk: the same rows built in memory with the services' own
  building blocks and written with ``bulk_create``, a batch per transaction.
  ``tests/home`` checks, step by step, that both ways write identical rows.

Bulk writes send no ``post_save`` signals: ``seed_demo`` retires the cached
pages once at the end instead, and each page step its list's cached facets.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, QuerySet, prefetch_related_objects
from django.utils import timezone
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from wagtail.documents.models import Document
from wagtail.models import Page, PageLogEntry, Revision

from casestudies.knowledge.listing import bump_list_version
from community.accounts.models import User
from community.search import registry
from community.search.analysis import index_terms
from community.search.models import SearchEntry

BATCH = 250


def batched(items: Iterable, size: int = BATCH) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def memoised_index_terms():
    """``index_terms`` that analyses each distinct text once (seeded texts repeat)."""
    return cache(index_terms)


@dataclass
class NewPage:
    """A page to publish: specific and unsaved, its child relations, many-to-many
    fields and tags set in memory (as the demo's ``build_*`` functions make it)."""

    page: Page
    author: User
    # The demo's backdated first and last publication moments.
    first_published_at: datetime.datetime
    last_published_at: datetime.datetime


def write_pages(
    planned: list[tuple[dict, object]],
    *,
    index_model: type[Page],
    label: str,
    stdout,
    through_services: bool,
    publish: Callable[..., Page],
    build: Callable[..., Page],
    dates: Callable[[dict], tuple[datetime.datetime, datetime.datetime]],
    department: Callable[[dict], str] = lambda item: "",
    after: Callable[[Page, dict], None] | None = None,
) -> None:
    """Publish a page for each planned (demo-shaped item, municipality) under the
    one ``index_model`` page.

    Through the services, each goes through the demo's ``publish(index, item,
    tools, categories)``. In bulk, for each batch: the authors
    (``authors_for``), then each page as ``build(item, tools, categories,
    municipality, author, store)`` makes it (``store`` leaves its documents
    unsaved; they are saved here in one go), then ``publish_in_bulk``, then
    ``after(page, item)`` (what ``publish`` does after publishing). Either way
    the list's cached facets are retired at the end.
    """
    from community.taxonomy.models import Category, Tool

    index = index_model.objects.get()
    tools = {tool.name: tool for tool in Tool.objects.all()}
    categories = {category.name: category for category in Category.objects.all()}
    writer = _PageBatches(index, tools, categories, build, dates, department, after)
    done = 0
    for batch in batched(planned):
        if through_services:
            for item, _municipality in batch:
                publish(index, item, tools, categories)
        else:
            writer.write(batch)
        done += len(batch)
        stdout.write(f"  {label}: {done}/{len(planned)}")
    for model in index.specific.allowed_subpage_models():
        bump_list_version(model)


@dataclass
class _PageBatches:
    index: Page
    tools: dict
    categories: dict
    build: Callable[..., Page]
    dates: Callable[[dict], tuple[datetime.datetime, datetime.datetime]]
    department: Callable[[dict], str]
    after: Callable[[Page, dict], None] | None
    analyse: Callable[[str], str] = index_terms  # each page's text is its own

    @transaction.atomic
    def write(self, batch: list[tuple[dict, object]]) -> None:
        from casestudies.demo.apptemplates import new_document
        from casestudies.demo.cases import authors_for

        authors = authors_for([(m, self.department(item)) for item, m in batch])
        documents, new_pages = [], []

        def store(*args):
            documents.append(new_document(*args))
            return documents[-1]

        for (item, municipality), author in zip(batch, authors, strict=True):
            page = self.build(item, self.tools, self.categories, municipality, author, store)
            new_pages.append(NewPage(page, author, *self.dates(item)))
        Document.objects.bulk_create(documents)
        publish_in_bulk(self.index, new_pages, self.analyse)
        if self.after is not None:
            for new, (item, _municipality) in zip(new_pages, batch, strict=True):
                self.after(new.page, item)


@transaction.atomic
def publish_in_bulk(parent: Page, new_pages: list[NewPage], analyse=index_terms) -> None:
    """For each page, the rows that ``parent.add_child(instance=page)``,
    ``page.save_revision(user=author).publish(user=author)`` and the demo's
    backdating leave, written in bulk: its tree position and URL path, its own,
    its children's (nested ones too) and its many-to-many rows; one revision
    holding the page as it stood when saved; the "create" and "publish" log
    entries; the page live at that revision with the demo's dates; its search
    entry. Nothing sends ``page_published``: what its receivers do is done here
    (the search entry; ``adoption_count`` stays 0) except bumping the list's
    cache version, which the caller does once.
    """
    if not new_pages:
        return
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last = parent.get_last_child() if parent.numchild else None
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    pages = [new.page for new in new_pages]
    for position, page in enumerate(pages, start=step + 1):
        page.depth, page.numchild = parent.depth + 1, 0
        page.path = Page._get_path(parent.path, page.depth, position)
        page.locale_id = parent.locale_id  # the parent's locale, as for any new page
        page.draft_title = page.draft_title or page.title
        page.set_url_path(parent)
        # As KnowledgePage.save() does for a live page.
        if page.live and page.population_at_publication is None and page.municipality_id:
            page.population_at_publication = page.municipality.population
    QuerySet(Page).bulk_create(pages)
    for model, same in _by_model(pages).items():
        for page in same:
            page.page_ptr_id = page.id
        # bulk_create() refuses a model with a parent table: insert its own table's rows.
        QuerySet(model)._batched_insert(same, model._meta.local_concrete_fields, batch_size=None)
        _save_children(same)
        _save_many_to_many(same)
        # Read back, as save_revision() and the search sync do after the commit.
        _forget_unsaved_relations(same)
        prefetch_related_objects(same, *_prefetches(model))
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    added_at = timezone.now()

    revisions = [
        Revision(
            content_object=new.page,
            base_content_type=new.page.get_base_content_type(),
            user=new.author,
            approved_go_live_at=None,
            content=new.page.serializable_data(),
            object_str=str(new.page),
            created_at=timezone.now(),  # as Revision.save() sets it
        )
        for new in new_pages
    ]
    Revision.objects.bulk_create(revisions)
    for new, revision in zip(new_pages, revisions, strict=True):
        page = new.page
        page.latest_revision = page.live_revision = revision
        page.latest_revision_created_at = revision.created_at
        page.first_published_at = new.first_published_at
        page.last_published_at = new.last_published_at
    QuerySet(Page).bulk_update(
        pages,
        [
            "latest_revision",
            "live_revision",
            "latest_revision_created_at",
            "first_published_at",
            "last_published_at",
        ],
    )
    entries = []
    for new, revision in zip(new_pages, revisions, strict=True):
        logged = (("wagtail.create", added_at, None), ("wagtail.publish", timezone.now(), revision))
        for action, moment, logged_revision in logged:
            entries.append(
                PageLogEntry(
                    content_type=ContentType.objects.get_for_model(
                        new.page, for_concrete_model=False
                    ),
                    label=new.page.get_admin_display_title(),
                    action=action,
                    timestamp=moment,
                    data={},
                    user=new.author,
                    page=new.page,
                    revision=logged_revision,
                    content_changed=True,
                )
            )
    PageLogEntry.objects.bulk_create(entries)
    _index(pages, analyse)


def _by_model(objs: list) -> dict[type, list]:
    grouped = {}
    for obj in objs:
        grouped.setdefault(type(obj), []).append(obj)
    return grouped


def _in_memory(instance, name: str) -> list:
    """A relation's objects set in memory (none if it was never set: commit() skips it)."""
    return list(getattr(instance, "_cluster_related_objects", {}).get(name, ()))


def _save_children(instances: list) -> None:
    """Each child relation's in-memory objects, saved as modelcluster's commit saves
    them (nested relations after their parents)."""
    for relation in get_all_child_relations(instances[0]):
        children = []
        for instance in instances:
            for child in _in_memory(instance, relation.get_accessor_name()):
                setattr(child, relation.field.name, instance)
                children.append(child)
        if children:
            relation.related_model.objects.bulk_create(children)
            _save_children(children)


def _save_many_to_many(instances: list) -> None:
    for field in get_all_child_m2m_relations(instances[0]):
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        rows = []
        for instance in instances:
            # As Django's add() orders them: a set of ids, less those already there.
            ids = set()
            for item in _in_memory(instance, field.name):
                ids.add(item.pk)
            rows += [
                through(**{f"{source}_id": instance.pk, f"{target}_id": pk})
                for pk in ids.difference(())
            ]
        through.objects.bulk_create(rows)


def _forget_unsaved_relations(instances: list) -> None:
    """Drop the in-memory relations, as commit() does: they are read from the database now."""
    for relation in get_all_child_relations(instances[0]) if instances else ():
        name = relation.get_accessor_name()
        _forget_unsaved_relations(
            [child for instance in instances for child in _in_memory(instance, name)]
        )
    for instance in instances:
        instance.__dict__.pop("_cluster_related_objects", None)


def _prefetches(model) -> list[str]:
    names = []
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        names.append(name)
        names += [f"{name}__{nested}" for nested in _prefetches(relation.related_model)]
    # Not the tags: the search text lists them as the services read them, a query
    # per page without an ORDER BY (a prefetch may list them in another order).
    names += [field.name for field in get_all_child_m2m_relations(model)]
    return names


def _index(pages: list, analyse) -> None:
    """The search entries ``page_published`` makes (``registry.sync_object``)."""
    entries = []
    for model, same in _by_model(pages).items():
        registration = registry.registration_for(model)
        if registration is None:
            continue
        public = set(
            registration.get_queryset()
            .filter(pk__in=[page.pk for page in same])
            .values_list("pk", flat=True)
        )
        entries += [registration.entry(page, analyse=analyse) for page in same if page.pk in public]
    SearchEntry.objects.bulk_create(entries)
