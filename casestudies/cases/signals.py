"""Keep the search index and cached facets in step with publishing."""

from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from casestudies.search import registry

from .models import CaseStudyPage

LIST_VERSION_KEY = "cases:list-version"


def list_version() -> int:
    return cache.get_or_set(LIST_VERSION_KEY, 1, timeout=None)


def bump_list_version() -> None:
    try:
        cache.incr(LIST_VERSION_KEY)
    except ValueError:
        cache.set(LIST_VERSION_KEY, 2, timeout=None)


@receiver(page_published, sender=CaseStudyPage, dispatch_uid="cases.published")
def case_study_published(sender, instance, **kwargs):
    registry.sync_object(instance)
    bump_list_version()


@receiver(page_unpublished, sender=CaseStudyPage, dispatch_uid="cases.unpublished")
def case_study_unpublished(sender, instance, **kwargs):
    registry.sync_object(instance)
    bump_list_version()


@receiver(post_delete, sender=CaseStudyPage, dispatch_uid="cases.deleted")
def case_study_deleted(sender, instance, **kwargs):
    bump_list_version()
