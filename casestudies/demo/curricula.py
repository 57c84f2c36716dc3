"""Demo training curricula (casestudies/demo/content/curricula.json), among them
下妻市's kintone basic course (51 sessions, 531 participants in 令和5年度), with
generated materials, delivery logs and adoptions. Idempotent."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from casestudies.adoption.services import adopt
from casestudies.apptemplates.models import AppTemplatePage
from casestudies.curricula.models import (
    Audience,
    CurriculumDelivery,
    CurriculumIndexPage,
    CurriculumMaterial,
    CurriculumModule,
    CurriculumPage,
    CurriculumRelatedCase,
    CurriculumRelatedTemplate,
    Level,
)
from casestudies.demo import files as demo_files
from casestudies.demo.apptemplates import store_document
from casestudies.demo.cases import author_for, in_order, related_cases
from community.municipalities.models import Municipality
from community.taxonomy.models import Category, Tool

CONTENT = Path(__file__).resolve().parent / "content" / "curricula.json"
AUDIENCES = {
    "新任職員": Audience.NEW_STAFF, "DX推進リーダー": Audience.DX_LEADERS,
    "管理職": Audience.MANAGERS, "全職員": Audience.ALL_STAFF,
}  # fmt: skip
LEVELS = {"基礎": Level.BASIC, "応用": Level.ADVANCED}


def materials(item: dict, store=store_document) -> list[CurriculumMaterial]:
    """A text (PDF) and a plan with its modules (xlsx), both generated."""
    paragraphs = [item["summary"], "", "■ 受講の前提", item["prerequisites"], ""]
    for number, module in enumerate(item["modules"], start=1):
        paragraphs += [
            f"■ {number}. {module['title']}（{module['minutes']}分）",
            f"ねらい: {module['objectives']}",
            f"教材: {module['materials']}",
            f"演習: {module['exercise']}",
            "",
        ]
    text = store(
        f"{item['title']} 研修テキスト", f"{item['slug']}-text.pdf",
        demo_files.manual_pdf(f"{item['title']} 研修テキスト", paragraphs),
    )  # fmt: skip
    plan_rows = [
        {
            "name": module["title"],
            "type": f"{module['minutes']}分",
            "required": True,
            "note": module["objectives"],
        }
        for module in item["modules"]
    ]
    plan = store(
        f"{item['title']} 研修計画表", f"{item['slug']}-plan.xlsx",
        demo_files.field_list_xlsx(f"{item['title']} 研修計画表", plan_rows),
    )  # fmt: skip
    return in_order(
        [
            CurriculumMaterial(document=text, title="研修テキスト（PDF）"),
            CurriculumMaterial(document=plan, title="研修計画表（Excel）"),
        ]
    )


def _survey(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def record_deliveries(page: CurriculumPage, deliveries: list[dict]) -> None:
    for delivery in deliveries:
        municipality = Municipality.objects.get(code=delivery["municipality_code"])
        CurriculumDelivery.objects.get_or_create(
            curriculum=page,
            municipality=municipality,
            delivered_on=datetime.date.fromisoformat(delivery["date"]),
            defaults={
                "sessions": delivery["sessions"],
                "participants": delivery["participants"],
                "survey_before": _survey(delivery.get("survey_before")),
                "survey_after": _survey(delivery.get("survey_after")),
                "note": delivery.get("note", ""),
                "created_by": author_for(municipality, ""),
            },
        )


def build_curriculum(
    item: dict, tools: dict, categories: dict, municipality, author, store=store_document
) -> CurriculumPage:
    """The curriculum ``publish_curriculum`` publishes, unsaved; its materials stored
    with ``store`` (``new_document`` leaves the documents unsaved)."""
    page = CurriculumPage(
        title=item["title"],
        slug=item["slug"],
        municipality=municipality,
        summary=item["summary"],
        audience=AUDIENCES.get(item["audience"], Audience.OTHER),
        level=LEVELS[item["level"]],
        total_minutes=item["total_minutes"],
        prerequisites=item["prerequisites"],
        owner=author,
    )
    page.tools = [tools[tag] for tag in item["tags"] if tag in tools]
    page.categories = [categories[name] for name in item["categories"] if name in categories]
    page.tags.add(*item["tags"])
    page.modules = in_order(
        [
            CurriculumModule(
                title=module["title"],
                minutes=module["minutes"],
                objectives=module["objectives"],
                materials=module["materials"],
                exercise=module["exercise"],
            )
            for module in item["modules"]
        ]
    )
    page.materials = materials(item, store)
    page.related_templates = in_order(
        [
            CurriculumRelatedTemplate(template=template)
            for template in AppTemplatePage.objects.filter(slug__in=item["related_template_slugs"])
        ]
    )
    page.related_cases = related_cases(CurriculumRelatedCase, item)
    return page


def published_at(item: dict) -> datetime.datetime:
    """Published when first delivered."""
    first = min(datetime.date.fromisoformat(d["date"]) for d in item["deliveries"])
    return min(
        timezone.make_aware(datetime.datetime.combine(first, datetime.time(10))),
        timezone.now() - datetime.timedelta(days=1),
    )


@transaction.atomic
def publish_curriculum(index, item: dict, tools: dict, categories: dict) -> CurriculumPage:
    municipality = Municipality.objects.get(code=item["municipality_code"])
    author = author_for(municipality, "")
    page = build_curriculum(item, tools, categories, municipality, author)
    index.add_child(instance=page)
    page.save_revision(user=author).publish(user=author, skip_permission_checks=True)
    published = published_at(item)
    CurriculumPage.objects.filter(pk=page.pk).update(
        first_published_at=published, last_published_at=published
    )
    return page


def load(stdout=None) -> list:
    index = CurriculumIndexPage.objects.first()
    if index is None:
        return []
    items = json.loads(CONTENT.read_text(encoding="utf-8"))
    pages = {
        page.slug: page
        for page in CurriculumPage.objects.filter(slug__in=[i["slug"] for i in items])
    }
    existing = len(pages)
    tools = {tool.name: tool for tool in Tool.objects.all()}
    categories = {category.name: category for category in Category.objects.all()}
    for item in items:
        if item["slug"] not in pages:
            pages[item["slug"]] = publish_curriculum(index, item, tools, categories)
        page = pages[item["slug"]]
        record_deliveries(page, item["deliveries"])
        for adopter in item["adopters"]:
            municipality = Municipality.objects.get(code=adopter["municipality_code"])
            adopt(
                page, municipality, actor=author_for(municipality, ""),
                adopted_on=datetime.date.fromisoformat(adopter["date"]), notes=adopter["notes"],
            )  # fmt: skip
            record_deliveries(page, adopter.get("deliveries", []))
    if stdout is not None:
        stdout.write(f"Curricula: {len(items) - existing} published, {existing} already there.")
    return []
