"""GET /api/v1/app-templates and /api/v1/app-templates/{id}: the same filters as the page."""

import datetime

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from ninja import Path, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from casestudies.adoption.models import Adoption
from casestudies.knowledge.api import AdopterOut, CreditOut, KnowledgeOut, credit_out
from community.documents.uploads import kind_of_name
from yokoten.openapi import (
    Pagination,
    detail_responses,
    filter_parameters,
    filtered,
    list_responses,
)

from .listing import APP_TEMPLATES, AppTemplateFilterSet
from .models import AppTemplatePage, TemplateFile, TemplateVersion

router = Router(tags=["app templates"])


class AppTemplateOut(KnowledgeOut):
    licence: str
    used_by: list[str]
    derived_from: int | None
    latest_version: str | None
    download_count: int

    @staticmethod
    def resolve_derived_from(obj) -> int | None:
        return obj.derived_from_id

    @staticmethod
    def resolve_download_count(obj) -> int:
        return obj.downloads or 0


class FieldOut(Schema):
    name: str
    field_type: str
    required: bool
    note: str


class FileOut(Schema):
    title: str
    kind: str | None
    size: int | None
    url: str

    @staticmethod
    def resolve_title(obj: TemplateFile) -> str:
        return obj.title or obj.document.title

    @staticmethod
    def resolve_kind(obj: TemplateFile) -> str | None:
        kind = kind_of_name(obj.document.filename)
        return kind.value if kind else None

    @staticmethod
    def resolve_size(obj: TemplateFile) -> int | None:
        return obj.document.file_size

    @staticmethod
    def resolve_url(obj: TemplateFile) -> str:
        return reverse("apptemplates:download", args=[obj.pk])


class VersionOut(Schema):
    number: str
    released_on: datetime.date
    changelog: str
    download_count: int
    files: list[FileOut]

    @staticmethod
    def resolve_files(obj: TemplateVersion) -> list:
        return list(obj.files.all())


class AppTemplateDetailOut(AppTemplateOut):
    credit: CreditOut
    what_it_does: str
    licence_note: str
    derived_from_version: str
    fields: list[FieldOut]
    versions: list[VersionOut]
    adopters: list[AdopterOut]
    derivatives: list[int]

    @staticmethod
    def resolve_fields(obj: AppTemplatePage) -> list:
        return list(obj.app_fields.all())

    @staticmethod
    def resolve_versions(obj: AppTemplatePage) -> list:
        return sorted(obj.versions.all(), key=lambda v: (v.released_on, v.pk), reverse=True)

    @staticmethod
    def resolve_adopters(obj: AppTemplatePage) -> list:
        return list(obj.adoptions.all())

    @staticmethod
    def resolve_derivatives(obj: AppTemplatePage) -> list[int]:
        return list(
            AppTemplatePage.objects.live()
            .public()
            .filter(derived_from=obj)
            .values_list("pk", flat=True)
        )

    @staticmethod
    def resolve_credit(obj: AppTemplatePage) -> dict:
        return credit_out(obj)


@router.get(
    "/app-templates",
    response=list_responses(AppTemplateOut),
    summary="List and filter published app templates",
    openapi_extra=filter_parameters(AppTemplateFilterSet),
)
@paginate(Pagination, page_size=20, max_page_size=100)
def list_app_templates(request: HttpRequest):
    return filtered(AppTemplateFilterSet, request, APP_TEMPLATES.api_queryset())


@router.get(
    "/app-templates/{template_id}",
    response=detail_responses(AppTemplateDetailOut),
    summary="One published app template with its versions, files and adopters",
)
def get_app_template(request: HttpRequest, template_id: int = Path(..., ge=1, le=2**31 - 1)):
    template = (
        APP_TEMPLATES.api_queryset()
        .prefetch_related(
            "app_fields",
            Prefetch(
                "versions",
                queryset=TemplateVersion.objects.select_related(
                    "download_counter"
                ).prefetch_related(
                    Prefetch("files", queryset=TemplateFile.objects.select_related("document"))
                ),
            ),
            Prefetch("adoptions", queryset=Adoption.objects.with_municipality()),
        )
        .filter(pk=template_id)
        .first()
    )
    if template is None:
        raise HttpError(404, f"No published app template has the id {template_id}.")
    return template
