"""Wagtail's reports (site history, locked and ageing pages, workflows, page types)
list who did what: they are for site admins. Their URLs are mounted in front of
Wagtail's own at /cms/reports/, each guarded; the menu hides them too
(wagtail_hooks.py)."""

from functools import wraps

from django.urls import path
from wagtail.admin.auth import permission_denied, require_admin_access
from wagtail.admin.urls import reports

from .permissions import is_site_admin


def site_admins_only(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not is_site_admin(request.user):
            return permission_denied(request)
        return view(request, *args, **kwargs)

    return require_admin_access(guarded)


def guarded_report_urls() -> list:
    """Wagtail's report URLs, each for site admins only (unnamed: Wagtail's own
    names reverse to the same paths)."""
    return [
        path(str(pattern.pattern), site_admins_only(pattern.callback))
        for pattern in reports.urlpatterns
    ]
