"""Seeded app templates for load tests, built like the demo ones
(``build_template``: files generated and checked like uploads, one version
each to keep them small) and published by a demo staff member of their town.

``through_services=True`` publishes each with the demo's ``publish_template``
(Wagtail's ``add_child``, ``save_revision`` and ``publish``, then download
counts); the default writes the same rows in bulk
(``casestudies.demo.seed.bulk.write_pages``). ``tests/home/test_seed_pages.py``
checks that both write identical rows, files included.
"""

import copy
import json

from casestudies.apptemplates.models import AppTemplateIndexPage, AppTemplatePage
from casestudies.demo.apptemplates import (
    CONTENT,
    build_template,
    publish_template,
    published_span,
    seed_downloads,
)
from casestudies.demo.seed.bulk import write_pages
from casestudies.demo.seed.municipalities import MunicipalityPicker


def plan_templates(scale: float, rng) -> list[tuple[dict, object]]:
    target = int(1_000 * scale)
    items = [
        item for item in json.loads(CONTENT.read_text(encoding="utf-8")) if not item["derived_from"]
    ]
    existing = AppTemplatePage.objects.filter(slug__startswith="seed-").count()
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
        item["versions"] = item["versions"][-1:]  # one version each keeps the files small
        planned.append((item, municipality))
    return planned


def seed_templates(scale: float, rng, stdout, *, through_services: bool = False) -> dict:
    write_pages(
        plan_templates(scale, rng),
        index_model=AppTemplateIndexPage,
        label="app templates",
        stdout=stdout,
        through_services=through_services,
        publish=publish_template,
        build=build_template,
        dates=published_span,
        after=seed_downloads,
    )
    return {"app_templates": AppTemplatePage.objects.live().count()}
