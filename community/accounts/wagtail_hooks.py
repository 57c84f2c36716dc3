from wagtail import hooks

from .permissions import is_site_admin


@hooks.register("construct_reports_menu")
def reports_that_list_actors_are_for_site_admins(request, menu_items):
    """Wagtail's reports (site history, locked and ageing pages, workflows) name who
    did what; their pages are guarded too (``wagtail_reports.py``)."""
    if not is_site_admin(request.user):
        menu_items[:] = []
