"""Seeded case studies for load tests, built like the demo ones (``build_case``)
and published by a demo staff member of their municipality.

``through_services=True`` publishes each with the demo's ``publish_case``
(``add_child``, ``save_revision``, ``publish`` through Wagtail: about 120
queries a page); the default writes the same rows in bulk
(``casestudies.demo.seed.bulk.write_pages``), ``BATCH`` pages per transaction.
``tests/home/test_seed_pages.py`` checks that both write identical rows.
"""

import copy
import json

from casestudies.cases.models import CaseStudyIndexPage, CaseStudyPage
from casestudies.demo.cases import CONTENT, build_case, publish_case, published_at
from casestudies.demo.seed.bulk import write_pages
from casestudies.demo.seed.municipalities import MunicipalityPicker

BUDGETS = [0, 0, 0, 0, 50_000, 120_000, 300_000, 800_000, 2_500_000, 6_000_000, 15_000_000, None]


def plan_case_studies(scale: float, rng) -> list[tuple[dict, object]]:
    """(item in the demo's shape, municipality) for each case study still missing."""
    target = int(2_000 * scale)
    stories = json.loads(CONTENT.read_text(encoding="utf-8"))
    existing = CaseStudyPage.objects.filter(slug__startswith="seed-").count()
    picker = MunicipalityPicker(rng)
    planned = []
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
        planned.append((item, municipality))
    return planned


def seed_case_studies(scale: float, rng, stdout, *, through_services: bool = False) -> dict:
    write_pages(
        plan_case_studies(scale, rng),
        index_model=CaseStudyIndexPage,
        label="case studies",
        stdout=stdout,
        through_services=through_services,
        publish=publish_case,
        build=build_case,
        dates=lambda item: (published_at(item), published_at(item)),
        department=lambda item: item["department"],
    )
    return {"case_studies": CaseStudyPage.objects.live().count()}
