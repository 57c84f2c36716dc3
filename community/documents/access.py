"""Who may download a document. Wagtail serves any document by its id to anyone;
here a document is public only once a live page that anyone may read uses it (an
attachment, a material, a template's file: whatever Wagtail's reference index
records), and before that only its uploader and moderators may have it (issue 12,
finding 4). Enforced by the ``before_serve_document`` hook (wagtail_hooks.py), so
every way of serving a document goes through it."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex

from community.accounts.permissions import is_member, may_moderate


def on_live_page(document, request) -> bool:
    """A live page uses ``document`` and ``request`` may read that page (no view
    restriction on it or above it, or every restriction lets this request in)."""
    page_ids = [
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
        if object_id.isdigit()
    ]
    if not page_ids:
        return False
    for page in Page.objects.live().filter(pk__in=page_ids):
        restrictions = page.get_view_restrictions()
        if all(restriction.accept_request(request) for restriction in restrictions):
            return True
    return False


def may_download(request, document) -> bool:
    user = request.user
    if is_member(user) and (document.uploaded_by_user_id == user.pk or may_moderate(user)):
        return True
    return on_live_page(document, request)
