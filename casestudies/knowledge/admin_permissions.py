"""Who sees which knowledge pages in the Wagtail admin.

Wagtail lets anyone with ``add_page`` on an index page explore every page below
it, drafts and all. A contributor (verified staff) sees and acts on only their own
municipality's case studies, app templates and curricula; moderators and site
admins see all. Every place the admin lists or opens pages (the explorer, its
search, the admin page API, site history, the page chooser's drafts) asks Wagtail's
page permission policy, which this module narrows.
"""

from django.apps import apps
from django.db.models import Q
from wagtail.models import PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy

from community.accounts.permissions import is_verified_staff, may_moderate

from .models import KnowledgePage


def knowledge_models() -> list[type[KnowledgePage]]:
    return [model for model in apps.get_models() if issubclass(model, KnowledgePage)]


def sees_every_municipality(user) -> bool:
    return user.is_superuser or may_moderate(user)


def other_municipalities_pages(user) -> Q:
    """Knowledge pages (as wagtailcore pages) of municipalities other than ``user``'s."""
    foreign = Q()
    for model in knowledge_models():
        others = model.objects.exclude(municipality_id=user.staff_municipality_id)
        foreign |= Q(pk__in=others.values("pk"))
    return foreign


class MunicipalPagePermissionTester(PagePermissionTester):
    """A contributor (``add`` on the list) edits every page of the municipality they
    are verified staff of now, whoever owns it: a page outlives its author's
    posting (人事異動). Deleting stays the owner's (and moderators')."""

    def can_edit(self):
        if super().can_edit():
            return True
        return (
            self.user.is_active
            and "add" in self.permissions
            and is_verified_staff(self.user, self.page.municipality_id)
        )


class MunicipalPagePermissionPolicy(PagePermissionPolicy):
    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        return (
            pages
            if sees_every_municipality(user)
            else pages.exclude(other_municipalities_pages(user))
        )

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        return (
            pages
            if sees_every_municipality(user)
            else pages.exclude(other_municipalities_pages(user))
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        allowed = super().user_has_any_permission_for_instance(user, actions, instance)

        if not allowed or sees_every_municipality(user):
            return allowed
        return not self.model._default_manager.filter(
            Q(pk=instance.pk) & other_municipalities_pages(user)
        ).exists()


def chooser_pages(pages, request):
    """The page chooser offers other municipalities' pages once they are live."""
    user = request.user
    if sees_every_municipality(user):
        return pages
    return pages.exclude(other_municipalities_pages(user) & Q(live=False))
