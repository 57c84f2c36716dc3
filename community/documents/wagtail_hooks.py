from django.http import Http404
from wagtail import hooks

from .access import may_download


@hooks.register("before_serve_document")
def serve_only_documents_a_live_page_uses(document, request):
    """A document no live page uses yet is not found, except by its uploader and
    moderators (access.py): its id must not be a way round a draft."""
    if not may_download(request, document):
        raise Http404
