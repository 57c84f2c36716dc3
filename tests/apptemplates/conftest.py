"""App templates: a factory with real (small, valid) files, and uploads kept out of
var/media (each test gets its own MEDIA_ROOT)."""

import datetime
import itertools

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from casestudies.apptemplates.models import (
    AppTemplateIndexPage,
    AppTemplatePage,
    TemplateField,
    TemplateFile,
    TemplateVersion,
)
from casestudies.demo import files as demo_files
from community.municipalities.models import Municipality
from community.taxonomy.models import Category, Tool

_numbers = itertools.count(1)
FIELDS = [
    {"name": "受付番号", "type": "レコード番号", "required": True, "note": "自動で採番されます"},
    {"name": "氏名", "type": "文字列（1行）", "required": True, "note": ""},
    {"name": "受付経路", "type": "ラジオボタン", "required": False, "note": "v1.1で追加"},
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def file_bytes(kind: str, *, version: str = "1.0") -> bytes:
    fields = demo_files.fields_in_version(FIELDS, version)
    if kind == "csv":
        return demo_files.field_list_csv(fields)
    if kind == "xlsx":
        return demo_files.field_list_xlsx("項目一覧", fields)
    if kind == "zip":
        return demo_files.app_package_zip(
            slug="test", title="テスト", tool="kintone", version=version, fields=fields,
            screens=["一覧画面"], licence="CC BY 4.0",
        )  # fmt: skip
    if kind == "pdf":
        return demo_files.manual_pdf("操作マニュアル", ["アプリの使い方を説明します。"])
    raise ValueError(kind)


@pytest.fixture
def document_factory(db, media_root):
    """document_factory("fields.csv", data=b"...") -> a stored Wagtail Document."""

    def make(name: str = "fields.csv", data: bytes | None = None, title: str = "") -> Document:
        document = Document(title=title or name)
        document.file.save(
            name, ContentFile(data or file_bytes(name.rsplit(".", 1)[-1])), save=False
        )
        document._set_document_file_metadata()
        document.save()
        return document

    return make


@pytest.fixture
def template_index(db):
    return AppTemplateIndexPage.objects.get()


@pytest.fixture
def template_factory(template_index, document_factory):
    """template_factory("082104", tools=["kintone"], versions=["1.0", "1.1"], files=["zip", "csv"],
    derived_from=None, live=True, …) -> AppTemplatePage"""

    def make(
        code="082104",
        *,
        title=None,
        tools=("kintone",),
        categories=("業務効率化",),
        tags=("kintone",),
        versions=("1.0",),
        files=("csv",),
        derived_from=None,
        used_by=("counter",),
        licence="cc-by-4.0",
        live=True,
        owner=None,
        fields=2,
        summary="申請の受付から集計までをまとめたアプリです。",
    ):
        number = next(_numbers)
        page = AppTemplatePage(
            title=title or f"テンプレート {number}",
            slug=f"template-{number}",
            municipality=Municipality.objects.get(code=code),
            summary=summary,
            what_it_does="紙の台帳をアプリにまとめ、受付状況を一覧で確認できるようにします。",
            used_by=list(used_by),
            licence=licence,
            derived_from=derived_from,
            live=live,
            owner=owner,
        )
        page.tools = list(Tool.objects.filter(name__in=tools))
        page.categories = list(Category.objects.filter(name__in=categories))
        page.tags.add(*tags)
        page.app_fields = [
            TemplateField(name=field["name"], field_type=field["type"], required=field["required"])
            for field in FIELDS[:fields]
        ]
        page.versions = [
            TemplateVersion(
                number=version,
                released_on=datetime.date(2023, 4, 1) + datetime.timedelta(days=30 * index),
                changelog=f"バージョン {version} の変更点です。",
                files=[
                    TemplateFile(
                        document=document_factory(
                            f"v{version}.{kind}", data=file_bytes(kind, version=version)
                        ),
                        title=f"{kind} v{version}",
                    )
                    for kind in files
                ],
            )
            for index, version in enumerate(versions)
        ]
        template_index.add_child(instance=page)
        if live:
            page.save_revision().publish(skip_permission_checks=True)
        else:
            page.save_revision()
        return AppTemplatePage.objects.get(pk=page.pk)

    return make


class CommittedData:
    """Rows committed outside the test's transaction, for tests whose threads each use
    their own database connection (and so cannot see uncommitted rows); every row is
    removed again when the test ends."""

    def __init__(self):
        self.page_ids: list[int] = []

    @staticmethod
    def run(function):
        """Run ``function`` in a thread of its own (its own connection, autocommit)."""
        import threading

        from django.db import connections

        outcome = {}

        def target():
            try:
                outcome["value"] = function()
            except Exception as error:
                outcome["error"] = error
            finally:
                connections.close_all()

        thread = threading.Thread(target=target)
        thread.start()
        thread.join(timeout=60)
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("value")

    def template(self, code: str = "082104") -> AppTemplatePage:
        def create():
            number = next(_numbers)
            page = AppTemplatePage(
                title=f"同時実行の確認 {number}", slug=f"concurrent-{number}",
                municipality=Municipality.objects.get(code=code), summary="確認用",
                what_it_does="確認用", live=True,
            )  # fmt: skip
            page.versions = [
                TemplateVersion(
                    number="1.0", released_on=datetime.date(2024, 4, 1), changelog="初版"
                )
            ]
            AppTemplateIndexPage.objects.get().add_child(instance=page)
            return page

        page = self.run(create)
        self.page_ids.append(page.pk)
        return page

    def template_version(self) -> int:
        page = self.template()
        return self.run(lambda: TemplateVersion.objects.get(page_id=page.pk).pk)

    def cleanup(self) -> None:
        def delete():
            from django.contrib.contenttypes.models import ContentType
            from wagtail.models import Page

            from community.audit.models import AuditEntry

            for page in Page.objects.filter(pk__in=self.page_ids):
                AuditEntry.objects.filter(
                    target_type=ContentType.objects.get_for_model(page.specific_class),
                    target_id=str(page.pk),
                ).delete()
                page.delete()

        self.run(delete)


@pytest.fixture
def committed(db):
    data = CommittedData()
    yield data
    data.cleanup()


from tests.cases.conftest import case_study_factory, index_page  # noqa: E402, F401 - fixtures
