"""Seeded case studies for load tests, published through the same publishing
path as the demo (Wagtail revisions, search indexing on publish)."""

import copy
import json

from community.municipalities.seed import MunicipalityPicker

from .demo import CONTENT, publish_case
from .models import CaseStudyIndexPage, CaseStudyPage

BUDGETS = [0, 0, 0, 0, 50_000, 120_000, 300_000, 800_000, 2_500_000, 6_000_000, 15_000_000, None]


def seed_case_studies(scale: float, rng, stdout) -> dict:
    from casestudies.knowledge.models import Category, Tool

    target = int(2_000 * scale)
    index = CaseStudyIndexPage.objects.get()
    stories = json.loads(CONTENT.read_text(encoding="utf-8"))
    tools = {tool.name: tool for tool in Tool.objects.all()}
    categories = {category.name: category for category in Category.objects.all()}
    existing = CaseStudyPage.objects.filter(slug__startswith="seed-").count()
    picker = MunicipalityPicker(rng)
    for number, municipality in enumerate(picker.every_one_then_weighted(target)):
        if number < existing:
            continue
        item = copy.deepcopy(rng.choice(stories))
        item["slug"] = f"seed-{number}"
        item["municipality_code"] = municipality.code
        item["title"] = f"{municipality.name}：{item['title']}"
        item["fiscal_year"] = rng.randint(2019, 2025)
        item["budget_yen"] = rng.choice(BUDGETS)
        item["budget_source"] = (
            None
            if item["budget_yen"] is None
            else rng.choice(["general_fund", "national_grant", "free_campaign"])
        )
        item["contact_department"] = f"{municipality.name} {item['department']}"
        publish_case(index, item, tools, categories)
        if (number + 1) % 200 == 0:
            stdout.write(f"  case studies: {number + 1}/{target}")
    return {"case_studies": CaseStudyPage.objects.live().count()}
