"""The front door: what an anonymous visitor (or any reader) sees on the home page.

Everything comes from real data, in a fixed number of queries whatever the number
of rows (tests/home/test_front_door.py counts them); the whole page is then cached
for anonymous visitors (yokoten/page_cache.py) and shared by members of one
audience (yokoten/member_cache.py)."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import pgettext_lazy
from wagtail.models import Page

from casestudies.adoption.models import Adoption
from casestudies.apptemplates.listing import APP_TEMPLATES
from casestudies.apptemplates.models import AppTemplateIndexPage
from casestudies.cases.listing import CASE_STUDIES
from casestudies.cases.models import CaseStudyIndexPage
from casestudies.curricula.listing import CURRICULA
from casestudies.curricula.models import CurriculumIndexPage
from casestudies.impact.stats import private_pages
from community.forum.caching import FORUM_LIST
from community.forum.permissions import filter_visible_questions
from community.municipalities.bands import BUDGET, POPULATION, Band
from community.municipalities.models import Municipality
from community.visits.models import VisitOffer, VisitRequest
from community.visits.states import Status
from yokoten import cache_policy

SMALL_TOWN = POPULATION.range(0, 10_000)  # 人口1万人未満: the size asked for most
ZERO_BUDGET = BUDGET.get("zero")
LATEST_CASES = 6
TOP_TEMPLATES = 5
OPEN_QUESTIONS = 5
OPENINGS = 4

# Adopters of a template, by size: three groups a reader takes in at a glance.
ADOPTER_GROUPS = (
    Band("small", pgettext_lazy("adopters", "Under 10,000"), 0, 10_000),
    Band("middle", pgettext_lazy("adopters", "10,000–50,000"), 10_000, 50_000),
    Band("large", pgettext_lazy("adopters", "50,000 or more"), 50_000, None),
)


@dataclass
class EntryPoint:
    label: str
    url: str
    count: int | None = None


@dataclass
class AdoptedTemplate:
    page: object
    by_group: list[tuple[Band, int]]


@dataclass
class FrontDoor:
    entry_points: list[EntryPoint]
    numbers: dict[str, int]
    latest_cases: list
    top_templates: list[AdoptedTemplate]
    open_questions: list
    openings: list
    index_urls: dict[str, str] = field(default_factory=dict)


def _link(base: str, **params) -> str:
    """``base`` with ``params``; nothing when the list is not set up."""
    if not base:
        return ""
    return f"{base}?{urlencode(params)}" if params else base


def _index_urls(request) -> dict[str, str]:
    """The list pages' URLs, in one query ("" for a list not yet set up)."""
    kinds = {
        "cases": CaseStudyIndexPage,
        "templates": AppTemplateIndexPage,
        "curricula": CurriculumIndexPage,
    }
    pages = Page.objects.live().type(*kinds.values()).only("url_path", "content_type")
    by_type = {page.specific_class: page for page in pages}
    return {
        name: (by_type[model].get_url(request) if model in by_type else "")
        for name, model in kinds.items()
    }


COLUMNS = ("n1", "n2", "n3", "n4")


def _row(queryset, label: str, counts: dict):
    """``label`` and up to four counts over ``queryset`` (the rest 0): one SELECT."""
    zero = Value(0, output_field=IntegerField())
    columns = [*counts.values(), *[zero] * (len(COLUMNS) - len(counts))]
    return (
        queryset.order_by()
        .values(label=Value(label))
        .annotate(**dict(zip(COLUMNS, columns, strict=True)))
    )


def _numbers(cases, templates, curricula) -> dict[str, int]:
    """The headline numbers and the entry points' counts in one query: a UNION ALL of
    one row per table (adoptions of live pages; visits the host marked as done, as the
    impact page counts them)."""
    small_town = SMALL_TOWN.q("municipality__")
    sharing = Municipality.objects.filter(
        Q(pk__in=cases.values("municipality_id"))
        | Q(pk__in=templates.values("municipality_id"))
        | Q(pk__in=curricula.values("municipality_id"))
    )
    rows = {
        "cases": (
            cases,
            {
                "total": Count("pk"),
                "zero": Count("pk", filter=ZERO_BUDGET.q()),
                "small": Count("pk", filter=small_town),
                "small_zero": Count("pk", filter=ZERO_BUDGET.q() & small_town),
            },
        ),
        "templates": (
            templates,
            {
                "kintone": Count("pk", filter=Q(tools__slug="kintone"), distinct=True),
                "logoform": Count("pk", filter=Q(tools__slug="logoform"), distinct=True),
            },
        ),
        "municipalities": (sharing, {"municipalities": Count("pk")}),
        "adoptions": (Adoption.objects.of_live_pages(), {"adoptions": Count("pk")}),
        "visits": (VisitRequest.objects.filter(status=Status.DONE), {"visits": Count("pk")}),
    }
    first, *others = (_row(queryset, label, counts) for label, (queryset, counts) in rows.items())
    found = {row["label"]: row for row in first.union(*others, all=True)}
    return {
        name: found[label][column]
        for label, (_queryset, counts) in rows.items()
        for column, name in zip(COLUMNS, counts, strict=False)
    }


def _top_templates(templates) -> list[AdoptedTemplate]:
    """The most adopted templates, each with its adopters by size, in one query."""

    def adopters(group: Band):
        return Coalesce(
            Subquery(
                Adoption.objects.filter(group.q("municipality__"), page_id=OuterRef("pk"))
                .order_by()
                .values("page_id")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        )

    pages = list(
        templates.filter(adoption_count__gt=0)
        .select_related("municipality__prefecture")
        .annotate(**{f"adopters_{group.slug}": adopters(group) for group in ADOPTER_GROUPS})
        .order_by("-adoption_count", "-first_published_at", "-pk")[:TOP_TEMPLATES]
    )
    return [
        AdoptedTemplate(
            page, [(group, getattr(page, f"adopters_{group.slug}")) for group in ADOPTER_GROUPS]
        )
        for page in pages
    ]


def _openings() -> list:
    """Published visit offers still accepting visits, newest first."""
    today = timezone.localdate()
    return list(
        VisitOffer.objects.published()
        .filter(Q(accepted_until__isnull=True) | Q(accepted_until__gte=today))
        .select_related("municipality__prefecture")
        .order_by("-published_at", "-pk")[:OPENINGS]
    )


def _published():
    """An anonymous reader's cases, templates and curricula."""
    private = private_pages()  # in SQL: Wagtail's public() costs a query per list
    return [
        listing.model.objects.live().exclude(private)
        for listing in (CASE_STUDIES, APP_TEMPLATES, CURRICULA)
    ]


def _knowledge() -> tuple:
    """The numbers, the latest cases and the most adopted templates."""
    cases, templates, curricula = _published()
    latest_cases = list(
        CASE_STUDIES.with_card_data(cases.order_by("-first_published_at", "-pk"))[:LATEST_CASES]
    )
    return _numbers(cases, templates, curricula), latest_cases, _top_templates(templates)


def _open_questions(user) -> list:
    return list(
        filter_visible_questions(user)
        .unsolved()
        .select_related("municipality__prefecture")
        .newest()[:OPEN_QUESTIONS]
    )


# The front door's blocks, each cached under what it shows (yokoten/cache_policy.py):
# an answer in the forum (list:forum, every second in an active community) reads the
# open questions again, not the numbers, cases and templates.
KNOWLEDGE_TAGS = ("home", "impact", "list:visits")
QUESTION_TAGS = (FORUM_LIST,)
OPENING_TAGS = ("list:visits",)
TIMEOUT = 600  # as long as a cached page (YOKOTEN_PAGE_CACHE_SECONDS)


def front_door(request) -> FrontDoor:
    """What an anonymous reader sees (the members' home is their dashboard)."""
    urls = _index_urls(request)
    found = cache_policy.fetch_many(
        {
            "front:knowledge": (KNOWLEDGE_TAGS, _knowledge),
            "front:questions": (QUESTION_TAGS, lambda: _open_questions(AnonymousUser())),
            "front:openings": (OPENING_TAGS, _openings),
        },
        timeout=TIMEOUT,
    )
    numbers, latest_cases, top_templates = found["front:knowledge"]
    small_town = {"population_max": SMALL_TOWN.maximum}
    entry_points = [
        EntryPoint(
            pgettext_lazy("entry point", "¥0 projects in towns under 10,000"),
            _link(urls["cases"], budget_band=ZERO_BUDGET.slug, **small_town),
            numbers["small_zero"],
        ),
        EntryPoint(
            pgettext_lazy("entry point", "Projects with a budget of ¥0"),
            _link(urls["cases"], budget_band=ZERO_BUDGET.slug),
            numbers["zero"],
        ),
        EntryPoint(
            pgettext_lazy("entry point", "Projects of towns under 10,000 people"),
            _link(urls["cases"], **small_town),
            numbers["small"],
        ),
        EntryPoint(
            pgettext_lazy("entry point", "kintone templates"),
            _link(urls["templates"], tool="kintone"),
            numbers["kintone"],
        ),
        EntryPoint(
            pgettext_lazy("entry point", "LoGo Form templates"),
            _link(urls["templates"], tool="logoform"),
            numbers["logoform"],
        ),
        EntryPoint(pgettext_lazy("entry point", "Training curricula"), _link(urls["curricula"])),
    ]
    headline = {
        "case_studies": numbers["total"],
        "municipalities": numbers["municipalities"],
        "adoptions": numbers["adoptions"],
        "visits": numbers["visits"],
    }
    return FrontDoor(
        entry_points=[entry for entry in entry_points if entry.url],
        numbers=headline,
        latest_cases=latest_cases,
        top_templates=top_templates,
        open_questions=found["front:questions"],
        openings=found["front:openings"],
        index_urls=urls,
    )
