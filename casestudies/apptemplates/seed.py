"""Seeded app templates and curricula for load tests, published through the
same publishing path as the demo (files generated and checked like uploads)."""

import copy
import json

from casestudies.knowledge.models import Category, Tool
from community.municipalities.seed import MunicipalityPicker

from .demo import CONTENT, publish_template
from .models import AppTemplateIndexPage, AppTemplatePage


def seed_templates(scale: float, rng, stdout) -> dict:
    target = int(1_000 * scale)
    index = AppTemplateIndexPage.objects.get()
    items = [
        item for item in json.loads(CONTENT.read_text(encoding="utf-8")) if not item["derived_from"]
    ]
    tools = {tool.name: tool for tool in Tool.objects.all()}
    categories = {category.name: category for category in Category.objects.all()}
    existing = AppTemplatePage.objects.filter(slug__startswith="seed-").count()
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
        item["versions"] = item["versions"][-1:]  # one version each keeps the files small
        publish_template(index, item, tools, categories, None)
        if (number + 1) % 200 == 0:
            stdout.write(f"  app templates: {number + 1}/{target}")
    return {"app_templates": AppTemplatePage.objects.live().count()}
