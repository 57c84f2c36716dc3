"""Demo app templates (casestudies/demo/content/app_templates.json) with real, small
files generated for each version, published by verified staff of each municipality,
and the adoptions that make their lineage visible. Idempotent: existing slugs are
skipped and adoptions are updated in place."""

import datetime
import json
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Collection

from casestudies.adoption.services import adopt
from casestudies.apptemplates.models import (
    AppTemplateIndexPage,
    AppTemplatePage,
    DownloadCounter,
    Licence,
    TemplateField,
    TemplateFile,
    TemplateRelatedCase,
    TemplateScreen,
    TemplateVersion,
    UsedBy,
)
from casestudies.cases.models import CaseStudyPage
from casestudies.demo import files as demo_files
from casestudies.demo.cases import author_for, in_order, related_cases
from community.documents.uploads import check_upload
from community.municipalities.models import Municipality
from community.taxonomy.models import Category, Tool

CONTENT = Path(__file__).resolve().parent / "content" / "app_templates.json"
USED_BY = {
    "窓口": UsedBy.COUNTER, "総務": UsedBy.GENERAL_AFFAIRS, "企画": UsedBy.PLANNING,
    "健康福祉": UsedBy.HEALTH_WELFARE, "子育て支援": UsedBy.CHILDCARE, "教育委員会": UsedBy.EDUCATION,
    "防災": UsedBy.DISASTER, "情報政策": UsedBy.INFORMATION, "税務": UsedBy.TAX,
}  # fmt: skip
LICENCES = {"CC BY 4.0": Licence.CC_BY, "CC BY-SA 4.0": Licence.CC_BY_SA, "CC0": Licence.CC0}
FILE_LABELS = {
    "zip": "アプリパッケージ",
    "csv": "項目一覧（CSV）",
    "xlsx": "項目一覧（Excel）",
    "pdf": "操作マニュアル（PDF）",
}


def new_document(title: str, filename: str, data: bytes) -> Document:
    """A Wagtail document, checked like any upload (a demo file that fails is a bug):
    its file stored, the document itself not saved yet."""
    upload = ContentFile(data, name=filename)
    check_upload(upload, filename)
    document = Document(title=title, collection=Collection.get_first_root_node())
    document.file.save(filename, upload, save=False)
    document._set_document_file_metadata()
    return document


def store_document(title: str, filename: str, data: bytes) -> Document:
    document = new_document(title, filename, data)
    document.save()
    return document


def manual_paragraphs(item: dict, number: str, fields: list[dict]) -> list[str]:
    paragraphs = ["■ 概要", item["summary"], "", "■ できること", item["what_it_does"], "", "■ 画面"]
    paragraphs += [f"・{screen}" for screen in item["screens"]]
    paragraphs += ["", "■ 項目"]
    paragraphs += [
        f"・{field['name']}（{field['type']}{'・必須' if field['required'] else ''}）{field['note']}"
        for field in fields
    ]
    paragraphs += ["", "■ 変更履歴"]
    paragraphs += [
        f"・{version['number']}（{version['date']}）{version['changelog']}"
        for version in item["versions"]
        if demo_files._version_key(version["number"]) <= demo_files._version_key(number)
    ]
    paragraphs += ["", f"ライセンス: {item['licence']}"]
    return paragraphs


def version_files(item: dict, version: dict, store=store_document) -> list[TemplateFile]:
    number = version["number"]
    fields = demo_files.fields_in_version(item["fields"], number)
    builders = {
        "zip": lambda: demo_files.app_package_zip(
            slug=item["slug"],
            title=item["title"],
            tool=item["tool"],
            version=number,
            fields=fields,
            screens=item["screens"],
            licence=item["licence"],
        ),
        "csv": lambda: demo_files.field_list_csv(fields),
        "xlsx": lambda: demo_files.field_list_xlsx(
            item["title"], fields, ledger=item["tool"] == "Excel"
        ),
        "pdf": lambda: demo_files.manual_pdf(
            f"{item['title']} 操作マニュアル（{number}版）", manual_paragraphs(item, number, fields)
        ),
    }
    files = []
    for kind in item["file_kinds"]:
        label = FILE_LABELS[kind]
        document = store(
            f"{item['title']} {number} {label}",
            f"{item['slug']}-v{number}.{kind}",
            builders[kind](),
        )
        files.append(TemplateFile(document=document, title=label))
    return in_order(files)


def _aware(date: datetime.date) -> datetime.datetime:
    moment = timezone.make_aware(datetime.datetime.combine(date, datetime.time(10)))
    return min(moment, timezone.now() - datetime.timedelta(days=1))


def build_template(
    item: dict,
    tools: dict,
    categories: dict,
    municipality,
    author,
    store=store_document,
    *,
    parent=None,
    parent_version: str = "",
) -> AppTemplatePage:
    """The template ``publish_template`` publishes, unsaved; its files stored with ``store``
    (``new_document`` leaves the documents unsaved)."""
    page = AppTemplatePage(
        title=item["title"],
        slug=item["slug"],
        municipality=municipality,
        summary=item["summary"],
        what_it_does=item["what_it_does"],
        used_by=[USED_BY[name] for name in item["users"] if name in USED_BY],
        licence=LICENCES.get(item["licence"], Licence.OTHER),
        derived_from=parent,
        derived_from_version=parent_version,
        owner=author,
    )
    page.tools = [tools[item["tool"]]] if item["tool"] in tools else []
    page.categories = [categories[name] for name in item["categories"] if name in categories]
    page.tags.add(*item["tags"])
    page.app_fields = in_order(
        [
            TemplateField(
                name=field["name"],
                field_type=field["type"],
                required=field["required"],
                note=field["note"],
            )
            for field in item["fields"]
        ]
    )
    page.screens = in_order([TemplateScreen(description=screen) for screen in item["screens"]])
    page.versions = in_order(
        [
            TemplateVersion(
                number=version["number"],
                released_on=datetime.date.fromisoformat(version["date"]),
                changelog=version["changelog"],
                files=version_files(item, version, store),
            )
            for version in item["versions"]
        ]
    )
    page.related_cases = related_cases(TemplateRelatedCase, item)
    return page


def published_span(item: dict) -> tuple[datetime.datetime, datetime.datetime]:
    """First and last publication: the first and the latest version's release."""
    first = datetime.date.fromisoformat(item["versions"][0]["date"])
    latest = datetime.date.fromisoformat(item["versions"][-1]["date"])
    return _aware(first), _aware(latest)


@transaction.atomic
def publish_template(
    index, item: dict, tools: dict, categories: dict, parent=None, parent_version: str = ""
) -> AppTemplatePage:
    municipality = Municipality.objects.get(code=item["municipality_code"])
    author = author_for(municipality, "")
    page = build_template(
        item, tools, categories, municipality, author, parent=parent, parent_version=parent_version
    )
    index.add_child(instance=page)
    page.save_revision(user=author).publish(user=author, skip_permission_checks=True)
    first, latest = published_span(item)
    AppTemplatePage.objects.filter(pk=page.pk).update(
        first_published_at=first, last_published_at=latest
    )
    seed_downloads(page, item)
    return page


def parent_version(item: dict, items: dict) -> str:
    """The version of the parent template that this one was derived from: the version
    its publisher adopted before publishing the derivative."""
    parent = items.get(item["derived_from"]) or {}
    for adopter in parent.get("adopters", []):
        if adopter["municipality_code"] == item["municipality_code"]:
            return adopter.get("version", "")
    return ""


def seed_downloads(page: AppTemplatePage, item: dict) -> None:
    """Plausible download counts for the demo: more for later versions and more adopters."""
    versions = list(TemplateVersion.objects.filter(page=page).order_by("released_on"))
    base = 4 * len(item["adopters"]) + sum(map(ord, item["slug"])) % 9
    DownloadCounter.objects.bulk_create(
        [
            DownloadCounter(version=version, count=base * (position + 1) + position * 3)
            for position, version in enumerate(versions)
        ],
        ignore_conflicts=True,
    )


def record_adoptions(page, adopters: list[dict], related_cases) -> None:
    for adopter in adopters:
        municipality = Municipality.objects.get(code=adopter["municipality_code"])
        staff = author_for(municipality, "")
        adopted_on = datetime.date.fromisoformat(adopter["date"])
        adopt(
            page, municipality, actor=staff, adopted_on=adopted_on, notes=adopter["notes"],
            version_number=adopter.get("version", ""),
        )  # fmt: skip
        # The practice a template comes from spreads with it.
        for case in related_cases[:1]:
            if case.municipality_id != municipality.pk:
                adopt(
                    case, municipality, actor=staff, adopted_on=adopted_on,
                    notes=f"テンプレート「{page.title}」を使って取り組みました。",
                )  # fmt: skip


def load(stdout=None) -> list:
    index = AppTemplateIndexPage.objects.first()
    if index is None:
        return []
    items = json.loads(CONTENT.read_text(encoding="utf-8"))
    by_slug = {item["slug"]: item for item in items}
    pages = {
        page.slug: page
        for page in AppTemplatePage.objects.filter(slug__in=[i["slug"] for i in items])
    }
    existing = len(pages)
    tools = {tool.name: tool for tool in Tool.objects.all()}
    categories = {category.name: category for category in Category.objects.all()}
    pending = [item for item in items if item["slug"] not in pages]
    while pending:  # parents before the templates derived from them
        ready = [i for i in pending if not i["derived_from"] or i["derived_from"] in pages]
        if not ready:
            raise ValueError(f"Unknown parents: {[i['derived_from'] for i in pending]}")
        for item in ready:
            pages[item["slug"]] = publish_template(
                index, item, tools, categories, pages.get(item["derived_from"]),
                parent_version(item, by_slug),
            )  # fmt: skip
            pending.remove(item)
    for item in items:
        related = list(
            CaseStudyPage.objects.filter(slug__in=item["related_case_study_slugs"]).order_by("pk")
        )
        record_adoptions(pages[item["slug"]], item["adopters"], related)
    if stdout is not None:
        stdout.write(f"App templates: {len(items) - existing} published, {existing} already there.")
    return []
