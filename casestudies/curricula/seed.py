"""Seeded curricula for load tests, published like the demo ones."""

import copy
import json

from casestudies.knowledge.models import Category, Tool
from community.municipalities.seed import MunicipalityPicker

from .demo import CONTENT, publish_curriculum
from .models import CurriculumIndexPage, CurriculumPage


def seed_curricula(scale: float, rng, stdout) -> dict:
    target = int(300 * scale)
    index = CurriculumIndexPage.objects.get()
    items = json.loads(CONTENT.read_text(encoding="utf-8"))
    tools = {tool.name: tool for tool in Tool.objects.all()}
    categories = {category.name: category for category in Category.objects.all()}
    existing = CurriculumPage.objects.filter(slug__startswith="seed-").count()
    picker = MunicipalityPicker(rng)
    for number, municipality in enumerate(picker.every_one_then_weighted(target)):
        if number < existing:
            continue
        item = copy.deepcopy(rng.choice(items))
        item.update(
            slug=f"seed-{number}",
            municipality_code=municipality.code,
            title=f"{municipality.name}：{item['title']}",
        )
        for delivery in item.get("deliveries", []):
            delivery["municipality_code"] = municipality.code
        publish_curriculum(index, item, tools, categories)
    return {"curricula": CurriculumPage.objects.live().count()}
