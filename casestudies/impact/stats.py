"""The numbers behind the impact page (/impact/): what was published, adopted (横展開)
and visited, by prefecture, municipality, population band and 年度, under the
page's filters. Every chart and table on the page, and its CSV, reads from one
``ImpactNumbers``; tests compare them with the database.

Four queries however many rows: the pages published and the site visits held per
municipality (one UNION); the adoptions per page, municipality and 年度; the top
practices' titles; their template family tree. The drill-down adds the
prefecture's municipalities."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from wagtail.models import Page

from casestudies.adoption.models import Adoption
from casestudies.apptemplates.models import AppTemplatePage
from casestudies.cases.models import CaseStudyPage
from casestudies.curricula.models import CurriculumPage
from casestudies.home.routing import private_pages
from community.municipalities.bands import POPULATION, POPULATION_BANDS, Band
from community.municipalities.models import Municipality
from community.visits.models import VisitOffer, VisitRequest
from community.visits.states import Status
from yokoten.i18n import in_english

KINDS = (("cases", CaseStudyPage), ("templates", AppTemplatePage), ("curricula", CurriculumPage))
SMALL_TOWN_LIMIT = 50_000  # the ~70% of municipalities the mission is for
TOP_PRACTICES = 10


@dataclass(frozen=True)
class ImpactFilters:
    tool: str = ""
    category: str = ""
    population_band: str = ""

    @property
    def band(self) -> Band | None:
        return POPULATION.get(self.population_band) if self.population_band else None

    def narrow_pages(self, queryset):
        """Published pages with the tool and category (a knowledge page queryset)."""
        if self.tool:
            queryset = queryset.using_tool(self.tool)
        if self.category:
            queryset = queryset.in_category(self.category)
        return queryset

    def narrow_offers(self, queryset):
        if self.tool:
            queryset = queryset.using_tool(self.tool)
        if self.category:
            queryset = queryset.in_category(self.category)
        return queryset


def published(model, filters: ImpactFilters, private: Exists):
    return filters.narrow_pages(model.objects.live().exclude(private))


@dataclass
class Place:
    """One prefecture's or one municipality's counts."""

    code: str
    name: str
    population: int | None = None
    cases: int = 0
    templates: int = 0
    curricula: int = 0
    adoptions: int = 0
    visits: int = 0

    @property
    def content(self) -> int:
        return self.cases + self.templates + self.curricula

    def value(self, measure: str) -> int:
        return getattr(self, measure)


@dataclass
class BandRow:
    band: Band
    content: int = 0
    adoptions: int = 0


@dataclass
class Practice:
    """A page that spread: its adoptions and, for a template, its family's."""

    page_id: int
    title: str
    kind: str
    municipality: str
    url_path: str
    adoptions: int
    derived: int = 0  # templates derived from it, at any depth
    family_adoptions: int = 0  # adoptions of it and of everything derived from it
    url: str = ""


@dataclass
class ImpactNumbers:
    filters: ImpactFilters
    prefectures: dict[str, Place]
    bands: list[BandRow]
    adoptions_by_year: dict[int, int]
    practices: list[Practice]
    municipalities: list[Place] = field(default_factory=list)  # the drill-down

    @property
    def totals(self) -> Place:
        total = Place("", "")
        for place in self.prefectures.values():
            for name in ("cases", "templates", "curricula", "adoptions", "visits"):
                setattr(total, name, getattr(total, name) + getattr(place, name))
        return total

    @property
    def small_town_content(self) -> int:
        return sum(
            row.content
            for row in self.bands
            if (row.band.maximum or 0) and row.band.maximum <= SMALL_TOWN_LIMIT
        )

    @property
    def small_town_percent(self) -> int:
        return round((self.small_town_share or 0) * 100)

    @property
    def small_town_share(self) -> float | None:
        total = sum(row.content for row in self.bands)
        return self.small_town_content / total if total else None


def _in_band(queryset, band: Band | None, prefix: str):
    return queryset if band is None else queryset.filter(band.q(prefix))


def place_rows(filters: ImpactFilters, private: Exists) -> list[tuple]:
    """(kind, municipality id, population, prefecture code, count) for the pages each
    municipality published ("cases", "templates", "curricula") and the site visits it
    hosted ("visits"): one UNION query."""
    parts = [
        _in_band(published(model, filters, private), filters.band, "municipality__")
        .order_by()
        .annotate(kind=Value(kind))
        .values_list(
            "kind", "municipality_id", "municipality__population", "municipality__prefecture__code"
        )
        .annotate(n=Count("pk"))
        for kind, model in KINDS
    ]
    parts.append(
        visits_held(filters)
        .order_by()
        .annotate(kind=Value("visits"))
        .values_list(
            "kind",
            "offer__municipality_id",
            "offer__municipality__population",
            "offer__municipality__prefecture__code",
        )
        .annotate(n=Count("pk"))
    )
    return list(parts[0].union(*parts[1:], all=True))


def adoptions_of_published(filters: ImpactFilters, private: Exists):
    """Adoptions of live, public pages that have the tool and category."""
    pages = Q()
    for _kind, model in KINDS:
        pages |= Q(page_id__in=published(model, filters, private).values("pk"))
    return Adoption.objects.filter(pages)


def fiscal_year(field_name: str):
    """年度 in SQL: April–March, so January 2024 belongs to 2023."""
    year = ExtractYear(field_name)
    return Case(
        When(**{f"{field_name}__month__gte": 4}, then=year),
        default=year - 1,
        output_field=IntegerField(),
    )


def adoption_rows(filters: ImpactFilters, private: Exists) -> list[tuple]:
    """(page id, adopter id, adopter population, adopter prefecture, 年度, adoptions)."""
    adoptions = _in_band(adoptions_of_published(filters, private), filters.band, "municipality__")
    return list(
        adoptions.order_by()
        .annotate(fy=fiscal_year("adopted_on"))
        .values_list(
            "page_id",
            "municipality_id",
            "municipality__population",
            "municipality__prefecture__code",
            "fy",
        )
        .annotate(n=Count("pk"))
    )


def visits_held(filters: ImpactFilters):
    visits = VisitRequest.objects.filter(status=Status.DONE)
    if filters.tool or filters.category:
        visits = visits.filter(offer__in=filters.narrow_offers(VisitOffer.objects.all()))
    return _in_band(visits, filters.band, "offer__municipality__")


def template_family(private: Exists) -> dict[int, list[int]]:
    """Each live, public template's derivatives (one query)."""
    children: dict[int, list[int]] = defaultdict(list)
    templates = AppTemplatePage.objects.live().exclude(private)
    for pk, parent in templates.values_list("pk", "derived_from_id"):
        if parent:
            children[parent].append(pk)
    return children


def _descendants(pk: int, children: dict[int, list[int]]) -> list[int]:
    found, stack = [], list(children.get(pk, []))
    while stack:
        child = stack.pop()
        if child in found or child == pk:
            continue
        found.append(child)
        stack.extend(children.get(child, []))
    return found


PAGE_KIND = {
    "casestudypage": "cases",
    "apptemplatepage": "templates",
    "curriculumpage": "curricula",
}


def top_practices(per_page: Counter, private: Exists, limit: int = TOP_PRACTICES) -> list[Practice]:
    """The most adopted pages, with their template family's counts (two queries)."""
    top = [pk for pk, _n in sorted(per_page.items(), key=lambda item: (-item[1], item[0]))[:limit]]
    if not top:
        return []
    rows = (
        Page.objects.filter(pk__in=top)
        .annotate(
            municipality_name=Coalesce(
                F("casestudypage__municipality__name"),
                F("apptemplatepage__municipality__name"),
                F("curriculumpage__municipality__name"),
            ),
            prefecture_name=Coalesce(
                F("casestudypage__municipality__prefecture__name"),
                F("apptemplatepage__municipality__prefecture__name"),
                F("curriculumpage__municipality__prefecture__name"),
            ),
        )
        .values_list(
            "pk", "title", "url_path", "content_type__model", "municipality_name", "prefecture_name"
        )
    )
    found = {row[0]: row for row in rows}
    children = (
        template_family(private) if any(found[pk][3] == "apptemplatepage" for pk in found) else {}
    )
    practices = []
    for pk in top:
        if pk not in found:
            continue
        _pk, title, url_path, model, municipality, prefecture = found[pk]
        derived = _descendants(pk, children) if model == "apptemplatepage" else []
        practices.append(
            Practice(
                page_id=pk,
                title=title,
                kind=PAGE_KIND.get(model, ""),
                municipality=f"{prefecture} {municipality}",
                url_path=url_path,
                adoptions=per_page[pk],
                derived=len(derived),
                family_adoptions=per_page[pk] + sum(per_page.get(child, 0) for child in derived),
            )
        )
    return practices


def impact_numbers(
    filters: ImpactFilters, prefecture_names: dict[str, str], *, drill: str = ""
) -> ImpactNumbers:
    prefectures = {code: Place(code, name) for code, name in prefecture_names.items()}
    by_municipality: dict[int, Place] = defaultdict(lambda: Place("", ""))
    bands = [BandRow(band) for band in POPULATION_BANDS]

    rows_by_population: dict[int | None, BandRow | None] = {}

    def band_row(population) -> BandRow | None:
        """The band's row (thousands of rows share a few hundred populations)."""
        if population not in rows_by_population:
            rows_by_population[population] = next(
                (row for row in bands if row.band.contains(population)), None
            )
        return rows_by_population[population]

    def places(prefecture, municipality_id):
        """Where a row counts: its prefecture, and its municipality in the drill-down."""
        found = [prefectures[prefecture]] if prefecture in prefectures else []
        if drill and prefecture == drill:
            found.append(by_municipality[municipality_id])
        return found

    private = private_pages()
    for kind, municipality_id, population, prefecture, n in place_rows(filters, private):
        for place in places(prefecture, municipality_id):
            setattr(place, kind, getattr(place, kind) + n)
        if kind != "visits" and (row := band_row(population)) is not None:
            row.content += n

    per_page: Counter = Counter()
    by_year: Counter = Counter()
    for page_id, municipality_id, population, prefecture, year, n in adoption_rows(
        filters, private
    ):
        per_page[page_id] += n
        by_year[year] += n
        for place in places(prefecture, municipality_id):
            place.adoptions += n
        if (row := band_row(population)) is not None:
            row.adoptions += n

    municipalities = []
    if drill:
        english = in_english()
        for pk, code, name, name_en, population in _in_band(
            Municipality.objects.municipalities_only().in_prefecture(drill), filters.band, ""
        ).values_list("pk", "code", "name", "name_en", "population"):
            counts = by_municipality.get(pk) or Place("", "")
            counts.code, counts.population = code, population
            counts.name = name_en if english and name_en else name
            municipalities.append(counts)

    return ImpactNumbers(
        filters=filters,
        prefectures=prefectures,
        bands=bands,
        adoptions_by_year=dict(sorted(by_year.items())),
        practices=top_practices(per_page, private),
        municipalities=municipalities,
    )
