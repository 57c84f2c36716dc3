"""/impact/: the 横展開 map, adoption over time, the small-town share and the practices
spreading the most, filtered by tool, category and population band; each picture's
numbers as a table on the page and as CSV."""

import hashlib

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, pgettext_lazy
from django.views.decorators.http import require_safe

from casestudies.home.routing import ROUTING
from casestudies.knowledge.fiscal import fiscal_year_label
from casestudies.knowledge.spreadsheet import SafeWriter
from community.charts.geometry import class_breaks, class_of
from community.municipalities.bands import population_band_for
from yokoten import cache_policy
from yokoten.cache_policy import shows
from yokoten.member_cache import share_with_members

from . import charts
from .forms import ImpactFilterForm
from .stats import ImpactFilters, impact_numbers

# What the numbers show: publishing and adoptions retire "impact", a visit held
# "list:visits", a view restriction "routing" (yokoten/cache_policy.py).
NUMBERS_TAGS = ("impact", "list:visits", ROUTING)
NUMBERS_SECONDS = 600  # as long as a cached page (YOKOTEN_PAGE_CACHE_SECONDS)

KIND_LABELS = {
    "cases": pgettext_lazy("kind of page", "Case study"),
    "templates": pgettext_lazy("kind of page", "App template"),
    "curricula": pgettext_lazy("kind of page", "Curriculum"),
}


def _parse(request):
    form = ImpactFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = ImpactFilters(
        tool=data.get("tool") or "",
        category=data.get("category") or "",
        population_band=data.get("population_band") or "",
    )
    return form, filters, data


def numbers_for(form, filters: ImpactFilters, drill: str):
    """The numbers under ``filters``, computed once for every URL, reader and chart that
    shows them (the measure, the view and the page cache's copies differ only in how they
    draw them) until something they count changes: about half of a full render."""
    parts = (get_language() or "", filters.tool, filters.category, filters.population_band, drill)
    key = "impact:numbers:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:32]
    return cache_policy.fetch(
        key,
        NUMBERS_TAGS,
        lambda: impact_numbers(filters, form.prefecture_names, drill=drill),
        timeout=NUMBERS_SECONDS,
    )


def _query(data: dict, **changes) -> str:
    """The page's query string with ``changes`` (a value of None drops the key)."""
    keep = {k: v for k, v in data.items() if v and k not in changes}
    keep.update({k: v for k, v in changes.items() if v})
    return urlencode(sorted(keep.items()))


@require_safe
def impact_page(request):
    share_with_members(request)  # the same for every reader of this URL
    # Publishing, adoptions, visits held and view restrictions retire it (cache_policy.py),
    # votes do not.
    shows(request, *NUMBERS_TAGS)
    form, filters, data = _parse(request)
    measure = data.get("measure") or "cases"
    drill = data.get("prefecture") or ""
    numbers = numbers_for(form, filters, drill)
    for practice in numbers.practices:
        practice.url = practice_url(practice)
    hrefs = {code: f"?{_query(data, prefecture=code)}#drill-down" for code in numbers.prefectures}
    breaks = class_breaks(place.value(measure) for place in numbers.municipalities)
    for place in numbers.municipalities:
        place.tile_value = place.value(measure)
        place.tile_class = class_of(place.tile_value, breaks)
        place.band = population_band_for(place.population)
    return render(
        request,
        "impact/impact_page.html",
        {
            "form": form,
            "numbers": numbers,
            "totals": numbers.totals,
            "measure": measure,
            "measure_label": charts.measure_label(measure),
            "measure_links": [
                {
                    "value": value,
                    "label": label,
                    "url": f"?{_query(data, measure=value)}",
                    "current": value == measure,
                }
                for value, label in form.fields["measure"].choices
            ],
            "drill": numbers.prefectures.get(drill),
            "drill_view": data.get("view") or "list",
            "view_links": [
                {"value": value, "label": label, "url": f"?{_query(data, view=value)}#drill-down"}
                for value, label in form.fields["view"].choices
            ],
            "close_drill_url": f"?{_query(data, prefecture=None, view=None)}",
            "map": charts.prefecture_map(numbers, measure, hrefs, drill),
            "years_chart": charts.adoptions_over_time(numbers),
            "band_chart": charts.band_chart(numbers),
            "practice_chart": charts.practice_chart(numbers),
            "query": _query(data),
            "kind_labels": KIND_LABELS,
        },
    )


def _table(numbers, table: str, request):
    if table == "prefectures":
        header = [
            "prefecture_code",
            "prefecture",
            "case_studies",
            "app_templates",
            "curricula",
            "adoptions",
            "visits_held",
        ]
        rows = [
            [p.code, p.name, p.cases, p.templates, p.curricula, p.adoptions, p.visits]
            for p in numbers.prefectures.values()
        ]
    elif table == "municipalities":
        header = [
            "municipality_code",
            "municipality",
            "population",
            "case_studies",
            "app_templates",
            "curricula",
            "adoptions",
            "visits_held",
        ]
        rows = [
            [m.code, m.name, m.population, m.cases, m.templates, m.curricula, m.adoptions, m.visits]
            for m in numbers.municipalities
        ]
    elif table == "bands":
        header = ["population_band", "label", "published", "adopted"]
        rows = [[r.band.slug, str(r.band.label), r.content, r.adoptions] for r in numbers.bands]
    elif table == "years":
        header = ["fiscal_year", "label", "adoptions"]
        rows = [[year, fiscal_year_label(year), n] for year, n in numbers.adoptions_by_year.items()]
    elif table == "practices":
        header = [
            "page_id",
            "title",
            "kind",
            "municipality",
            "url",
            "adoptions",
            "derived_templates",
            "adoptions_with_derived",
        ]
        rows = [
            [p.page_id, p.title, p.kind, p.municipality, request.build_absolute_uri(p.url or "/"),
             p.adoptions, p.derived, p.family_adoptions]
            for p in numbers.practices
        ]  # fmt: skip
    else:
        raise Http404
    return header, rows


@require_safe
def impact_csv(request, table: str):
    form, filters, data = _parse(request)
    drill = data.get("prefecture") or ""
    if table == "municipalities" and not drill:
        raise Http404
    numbers = numbers_for(form, filters, drill)
    for practice in numbers.practices:
        practice.url = practice_url(practice)
    header, rows = _table(numbers, table, request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="yokoten-impact-{table}-{stamp}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM correctly
    writer = SafeWriter(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return response


def practice_url(practice) -> str:
    from wagtail.models import Page

    # Without the request: one site, so the path alone (no query for the current site).
    page = Page(pk=practice.page_id, url_path=practice.url_path)
    return page.get_url(None) or ""
