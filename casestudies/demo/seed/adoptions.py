"""Seeded adoptions (横展開) for load tests: verified staff of other municipalities
record that they adopted a seeded case study, app template or curriculum, as the
adoption panel does. At ``--scale 1`` about 6,000 adoptions: most pages a few, some
popular ones dozens, small towns adopting the most, over the 年度 since each page
was published (the impact page and the adopter charts have something to show).

The plan is drawn first; then it is written either

- ``through_services=True``: ``adopt`` for each, as the site records one;
- or in bulk (the default): the same rows built with the service's own pieces
  (``new_adoption``, ``adoption_audit``) and saved with ``bulk_create``, a batch per
  transaction, each page's ``adoption_count`` written once per batch.
  ``tests/home/test_seed_adoptions.py`` checks that both write identical rows.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from casestudies.adoption.models import Adoption
from casestudies.adoption.services import adopt, adoption_audit, new_adoption
from casestudies.apptemplates.models import AppTemplatePage, TemplateVersion
from casestudies.cases.models import CaseStudyPage
from casestudies.curricula.models import CurriculumPage
from casestudies.demo.seed.bulk import batched
from casestudies.demo.seed.municipalities import activity_weight
from casestudies.knowledge.listing import bump_list_version
from community.accounts.models import User
from community.audit.models import AuditEntry
from community.municipalities.models import Municipality

MODELS = (CaseStudyPage, AppTemplatePage, CurriculumPage)
NOTES = [
    "公開されている資料をもとに、町の業務に合わせて項目を減らして使い始めました。",
    "担当者に電話で運用の注意点を伺い、同じ手順で導入しました。",
    "予算がつかなかったため、既存の契約の範囲で取り組みました。",
    "まず1つの課で試行し、翌年度から全庁に広げています。",
    "視察で実際の画面を見せていただいたことが決め手になりました。",
    "",
]


@dataclass
class PlannedAdoption:
    page: object  # the specific page
    municipality: object
    actor: User
    adopted_on: datetime.date
    notes: str
    version_number: str = ""


def _seeded_pages() -> list:
    pages = []
    for model in MODELS:
        pages += list(model.objects.live().filter(slug__startswith="seed-").order_by("pk"))
    return pages


def _adoption_day(rng, page, today: datetime.date) -> datetime.date:
    """Some day from a month after publication to three years on (not after today)."""
    start = (page.first_published_at or timezone.now()).date() + datetime.timedelta(days=30)
    end = min(start + datetime.timedelta(days=3 * 365), today)
    if end <= start:
        return min(start, today)
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def plan_adoptions(scale: float, rng) -> list[PlannedAdoption]:
    target = int(6_000 * scale)
    pages = _seeded_pages()
    if not pages or target <= 0:
        return []
    staff: dict[int, User] = {}
    for user in User.objects.filter(staff_municipality__isnull=False).order_by("pk"):
        staff.setdefault(user.staff_municipality_id, user)
    versions = dict(
        TemplateVersion.objects.filter(page__slug__startswith="seed-")
        .order_by("page_id", "released_on", "sort_order")
        .values_list("page_id", "number")
    )  # the latest version of each (one each, as seeded)
    # A few practices spread far; most are copied by a handful of towns.
    weights = [rng.paretovariate(1.2) for _page in pages]
    # Adopters: municipalities with verified staff (every one at --scale 1), small
    # towns the most active.
    adopters = list(
        Municipality.objects.municipalities_only().filter(pk__in=staff).order_by("code")
    )
    adopter_weights = [activity_weight(m.population) for m in adopters]
    if not adopters:
        return []
    today = timezone.localdate()
    taken = set(Adoption.objects.values_list("page_id", "municipality_id"))
    planned, drawn = [], set()
    for _attempt in range(target * 4):
        if len(drawn) >= target:
            break
        page = rng.choices(pages, weights=weights, k=1)[0]
        municipality = rng.choices(adopters, weights=adopter_weights, k=1)[0]
        pair = (page.pk, municipality.pk)
        if municipality.pk == page.municipality_id or pair in drawn:
            continue
        drawn.add(pair)
        adopted_on = _adoption_day(rng, page, today)
        notes = rng.choice(NOTES)
        if pair in taken:  # a top-up: this one is there already
            continue
        planned.append(
            PlannedAdoption(
                page=page,
                municipality=municipality,
                actor=staff[municipality.pk],
                adopted_on=adopted_on,
                notes=notes,
                version_number=versions.get(page.pk, "")
                if isinstance(page, AppTemplatePage)
                else "",
            )
        )
    return planned


def seed_adoptions(scale: float, rng, stdout, *, through_services: bool = False) -> dict:
    write_adoptions(plan_adoptions(scale, rng), stdout, through_services=through_services)
    return {"adoptions": Adoption.objects.count()}


def write_adoptions(planned: list[PlannedAdoption], stdout, *, through_services: bool = False):
    """The rows ``adopt`` writes for each new adoption: the adoption, the page's
    ``adoption_count`` and the audit entry that carries the count after it."""
    if through_services:
        for done, item in enumerate(planned, start=1):
            adopt(
                item.page, item.municipality, actor=item.actor, adopted_on=item.adopted_on,
                notes=item.notes, version_number=item.version_number,
            )  # fmt: skip
            if done % 500 == 0:
                stdout.write(f"  adoptions: {done}/{len(planned)}")
        return
    counts = Counter(
        dict(
            Adoption.objects.filter(page_id__in={item.page.pk for item in planned})
            .values_list("page_id")
            .annotate(n=Count("pk"))
        )
    )
    done = 0
    for batch in batched(planned):
        with transaction.atomic():
            Adoption.objects.bulk_create(
                [
                    new_adoption(
                        item.page,
                        item.municipality,
                        actor=item.actor,
                        adopted_on=item.adopted_on,
                        notes=item.notes,
                        version_number=item.version_number,
                    )
                    for item in batch
                ]
            )
            entries, pages = [], {}
            for item in batch:
                counts[item.page.pk] += 1
                entries.append(
                    adoption_audit(
                        item.page,
                        item.municipality,
                        item.adopted_on,
                        counts[item.page.pk],
                        actor=item.actor,
                        created=True,
                    )
                )
                pages[item.page.pk] = item.page
            AuditEntry.objects.bulk_create(entries)
            for page in pages.values():
                page.adoption_count = counts[page.pk]
            for model in MODELS:
                same = [page for page in pages.values() if type(page) is model]
                if same:
                    model.objects.bulk_update(same, ["adoption_count"])
        done += len(batch)
        stdout.write(f"  adoptions: {done}/{len(planned)}")
    for model in MODELS:
        bump_list_version(model)
