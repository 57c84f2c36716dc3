"""Seeded curricula for load tests, built like the demo ones (``build_curriculum``:
generated materials) and published by a demo staff member of their town.

``through_services=True`` publishes each with the demo's ``publish_curriculum``
(through Wagtail); the default writes the same rows in bulk
(``casestudies.demo.seed.bulk.write_pages``). ``tests/home/test_seed_pages.py``
checks that both write identical rows.
"""

import copy
import json

from casestudies.curricula.models import CurriculumIndexPage, CurriculumPage
from casestudies.demo.curricula import CONTENT, build_curriculum, publish_curriculum, published_at
from casestudies.demo.seed.bulk import write_pages
from casestudies.demo.seed.municipalities import MunicipalityPicker


def plan_curricula(scale: float, rng) -> list[tuple[dict, object]]:
    target = int(300 * scale)
    items = json.loads(CONTENT.read_text(encoding="utf-8"))
    existing = CurriculumPage.objects.filter(slug__startswith="seed-").count()
    picker = MunicipalityPicker(rng)
    planned = []
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
        planned.append((item, municipality))
    return planned


def seed_curricula(scale: float, rng, stdout, *, through_services: bool = False) -> dict:
    write_pages(
        plan_curricula(scale, rng),
        index_model=CurriculumIndexPage,
        label="curricula",
        stdout=stdout,
        through_services=through_services,
        publish=publish_curriculum,
        build=build_curriculum,
        dates=lambda item: (published_at(item), published_at(item)),
    )
    return {"curricula": CurriculumPage.objects.live().count()}
