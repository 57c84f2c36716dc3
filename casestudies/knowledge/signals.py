"""Keep the search index in step with publishing (cached pages and lists:
yokoten/cache_policy.py retires them, with ``KnowledgePage.retires_on_publish``)."""

from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from community.accounts.contributions import register_contribution
from community.municipalities.publications import register_publications
from community.notices.services import cite_notices
from community.search import registry
from community.search import tasks as search_tasks
from community.taxonomy.models import Category, Tool
from yokoten.cache_policy import retire_everything
from yokoten.tasks import enqueue_after_commit

from .filters import bump_choices_version


def keep_list_in_step(model) -> None:
    """Publishing or unpublishing a page of ``model`` re-indexes it; publishing records
    the official notices it cites (its owner confirms them each 年度)."""
    label = model._meta.label_lower

    def changed(sender, instance, **kwargs):
        registry.sync_object(instance)

    def published(sender, instance, **kwargs):
        author = instance.owner or instance.authors.first()
        if author is not None:
            cite_notices(instance, instance.notices(), author=author)

    page_published.connect(changed, sender=model, weak=False, dispatch_uid=f"{label}.published")
    page_unpublished.connect(changed, sender=model, weak=False, dispatch_uid=f"{label}.unpublished")
    page_published.connect(
        published, sender=model, weak=False, dispatch_uid=f"{label}.cites_notices"
    )


def tools_or_categories_changed(**kwargs) -> None:
    """Their names are on every card and filter: retire the choices and every page."""
    bump_choices_version()
    retire_everything()


for managed_list in (Tool, Category):
    post_save.connect(
        tools_or_categories_changed, sender=managed_list, dispatch_uid=f"{managed_list}.saved"
    )
    post_delete.connect(
        tools_or_categories_changed, sender=managed_list, dispatch_uid=f"{managed_list}.deleted"
    )


def view_restriction_changed(instance, **kwargs) -> None:
    """A page made private (or public again) changes its own page, its subpages and
    every list, count and card that shows them: retire every cached page, so that no
    cached copy still shows a page that is now private. Editors do this rarely.

    The search index holds public pages alone (a list searched with no filter counts
    its entries: ``whole``), so the pages under it leave the index or come back, in
    the background once the change commits (the whole site's pages, for its home)."""
    retire_everything()
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:  # the page itself was deleted
        return
    under = list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))
    for registration in registry.registrations():
        if issubclass(registration.model, Page):
            enqueue_after_commit(search_tasks.sync_many, registration.model._meta.label, under)


post_save.connect(
    view_restriction_changed, sender=PageViewRestriction, dispatch_uid="view-restriction.saved"
)
post_delete.connect(
    view_restriction_changed, sender=PageViewRestriction, dispatch_uid="view-restriction.deleted"
)


def count_as_publications(model) -> None:
    """Live pages of ``model`` count as what their municipality published (visit
    offers and reports pick pages from there: community.municipalities.publications)."""
    register_publications(
        lambda municipality_id: (
            model.objects.live().filter(municipality_id=municipality_id).values("pk")
        )
    )


def count_as_contributions(model, *, order: int) -> None:
    """Live pages of ``model`` count for each of their authors in the people finder
    (community.accounts.contributions): one query for a page of members."""

    def count(member_ids):
        rows = (
            model.objects.live()
            .filter(authors__in=member_ids)
            .values_list("authors")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )
        return dict(rows)

    register_contribution(
        model._meta.label_lower, label=model._meta.verbose_name_plural, count=count, order=order
    )
