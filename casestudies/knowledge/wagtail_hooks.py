from wagtail import hooks

from .admin_permissions import chooser_pages


@hooks.register("construct_page_chooser_queryset")
def other_municipalities_drafts_are_not_offered(pages, request):
    return chooser_pages(pages, request)
