from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe
from wagtail.documents.views.serve import serve
from wagtail.images.models import Image

from casestudies.adoption.charts import adopter_bands
from casestudies.knowledge.detail import is_preview, knowledge_context, live_related
from community.documents.uploads import PLAIN_KINDS, FileKind, kind_of_name

from .lineage import lineage_chart, lineage_of
from .models import AppTemplatePage, TemplateFile, TemplateVersion
from .services import count_download

SCREENSHOT_RENDITION = "max-800x600"


def _versions(page, request) -> list:
    """Newest first, each with its files, their documents and its download count."""
    if is_preview(request):
        versions = list(page.versions.all())
    else:
        versions = list(
            TemplateVersion.objects.filter(page=page)
            .select_related("download_counter")
            .prefetch_related(
                Prefetch("files", queryset=TemplateFile.objects.select_related("document"))
            )
        )
    versions.sort(key=lambda version: (version.released_on, version.sort_order or 0), reverse=True)
    for version in versions:
        version.file_list = [
            file for file in version.files.all() if getattr(file, "document", None) is not None
        ]
        for file in version.file_list:
            file.kind = kind_of_name(file.document.filename)
    return versions


def _screens(page, request) -> list:
    if is_preview(request):
        return list(page.screens.all())
    return list(
        page.screens.prefetch_related(
            Prefetch("image", queryset=Image.objects.prefetch_renditions(SCREENSHOT_RENDITION))
        )
    )


def app_template_detail_context(page: AppTemplatePage, request) -> dict:
    versions = _versions(page, request)
    latest = versions[0] if versions else None
    latest_files = latest.file_list if latest else []
    lineage = lineage_of(page)
    return {
        **knowledge_context(page),
        "fields": list(page.app_fields.all()),
        "screens": _screens(page, request),
        "versions": versions,
        "latest": latest,
        "package_files": [f for f in latest_files if f.kind not in PLAIN_KINDS],
        "plain_files": [f for f in latest_files if f.kind in PLAIN_KINDS],
        "download_total": sum(version.download_count for version in versions),
        "derived_from": _live_parent(page),
        "related_cases": live_related(
            page.related_cases.select_related("case_study__municipality__prefecture"),
            "case_study",
        ),
        "related_curricula": _curricula_using(page),
        "lineage": lineage,
        "lineage_chart": lineage_chart(lineage),
        "adopter_bands": adopter_bands(page),
        "screenshot_rendition": SCREENSHOT_RENDITION,
        "file_kinds": FileKind,
    }


def _curricula_using(page) -> list:
    if page.pk is None:  # a preview of a template not saved yet
        return []
    links = page.curriculum_links.filter(page__live=True)
    return [link.page for link in links.select_related("page__municipality__prefecture")]


def _live_parent(page):
    parent = page.derived_from if page.derived_from_id else None
    return parent if parent is not None and parent.live else None


@require_safe
def download(request, file_id: int):
    """Serve a version's file through Wagtail's document view (as an attachment, with
    nosniff) and count the download for its version."""
    file = get_object_or_404(TemplateFile.objects.select_related("document", "version"), pk=file_id)
    if not AppTemplatePage.objects.live().public().filter(pk=file.version.page_id).exists():
        raise Http404
    response = serve(request, file.document_id, file.document.filename)
    if request.method == "GET" and response.status_code == 200:
        count_download(file.version_id)
    return response
