import csv
import hashlib

from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from community.municipalities.bands import POPULATION_BAND_BY_SLUG, population_band_for
from community.municipalities.models import Municipality
from yokoten.pagination import paginate

from .listing import (
    CaseStudyFilterForm,
    facet_counts,
    filter_case_studies,
    published_case_studies,
    search_and_sort,
    with_card_data,
)
from .models import CaseStudyPage

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def _filtered(request):
    form = CaseStudyFilterForm(request.GET or None)
    queryset = published_case_studies()
    if not form.is_bound:
        return form, queryset, {}, {}
    if not form.is_valid():
        return form, queryset.none(), {}, {}
    data = form.cleaned_data
    queryset = filter_case_studies(queryset, data)
    ranked, snippets = search_and_sort(queryset, data)
    return form, ranked, snippets, data


def active_filters(form, request) -> list[dict]:
    """Each filter in use, with the URL that drops it (for the empty state and chips)."""
    chips = []
    if not form.is_bound or not form.is_valid():
        return chips
    for name, value in form.cleaned_data.items():
        if name == "sort" or value is None or value == "" or value is False:
            continue
        query = request.GET.copy()
        query.pop(name, None)
        query.pop("page", None)
        field = form[name]
        shown = (
            dict(field.field.choices).get(value, value)
            if hasattr(field.field, "choices")
            else value
        )
        if value is True:
            shown = ""
        chips.append({"label": field.label, "value": shown, "url": f"?{query.urlencode()}"})
    return chips


def case_study_list(request, index_page):
    form, queryset, snippets, _data = _filtered(request)
    page, query = paginate(request, with_card_data(queryset), per_page=20)
    facets = {}
    if (form.is_bound and not form.errors) or not form.is_bound:
        cache_key = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
        facets = facet_counts(queryset, cache_key)
    page_snippets = {case.pk: snippets[case.pk] for case in page.object_list if case.pk in snippets}
    return TemplateResponse(
        request,
        "cases/case_study_index_page.html",
        {
            "page": index_page,
            "self": index_page,
            "form": form,
            "results": page,
            "query": query,
            "facets": facets,
            "snippets": page_snippets,
            "active_filters": active_filters(form, request),
            "population_band_labels": {
                slug: band.label for slug, band in POPULATION_BAND_BY_SLUG.items()
            },
        },
    )


def case_study_csv(request, index_page):
    """The filtered list as open data (CC BY 4.0), streamed."""
    _form, queryset, _snippets, _data = _filtered(request)
    rows = with_card_data(queryset).prefetch_related("tags")
    base = request.build_absolute_uri("/")[:-1]

    def lines():
        writer = csv.writer(Echo())
        yield "\ufeff"  # Excel opens UTF-8 with a BOM correctly
        yield writer.writerow(
            ["id", "title", "url", "municipality_code", "prefecture", "municipality", "population", "population_band",
             "fiscal_year", "budget_yen", "budget_source", "tools", "categories", "tags", "first_published_at", "licence"]
        )  # fmt: skip
        for case in rows.iterator(chunk_size=200):
            band = population_band_for(case.municipality.population)
            yield writer.writerow(
                [case.pk, case.title, base + case.url, case.municipality.code, case.municipality.prefecture.name,
                 case.municipality.name, case.municipality.population, band.slug if band else "", case.fiscal_year,
                 "" if case.budget_yen is None else case.budget_yen, case.budget_source,
                 "|".join(t.name for t in case.tools.all()), "|".join(c.name for c in case.categories.all()),
                 "|".join(t.name for t in case.tags.all()),
                 case.first_published_at.isoformat() if case.first_published_at else "", "CC BY 4.0"]
            )  # fmt: skip

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="yokoten-casestudies-{stamp}.csv"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


class Echo:
    def write(self, value):
        return value


def similar_cases(case: CaseStudyPage, tools, categories, limit: int = 4):
    """Same tools or categories; municipalities of the same population band first."""
    from django.db.models import Case, Count, IntegerField, Q, Value, When

    tool_ids = [tool.pk for tool in tools]
    category_ids = [category.pk for category in categories]
    if not tool_ids and not category_ids:
        return []
    band = population_band_for(case.municipality.population)
    same_band = Q(municipality__population__gte=band.minimum)
    if band.maximum is not None:
        same_band &= Q(municipality__population__lt=band.maximum)
    return list(
        published_case_studies()
        .exclude(pk=case.pk)
        .filter(Q(tools__in=tool_ids) | Q(categories__in=category_ids))
        .annotate(
            shared=Count("tools", filter=Q(tools__in=tool_ids), distinct=True)
            + Count("categories", filter=Q(categories__in=category_ids), distinct=True),
            same_band=Case(
                When(same_band, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
        )
        .order_by("-same_band", "-shared", "-first_published_at")
        .select_related("municipality__prefecture")[:limit]
    )


def case_study_detail_context(case: CaseStudyPage, request) -> dict:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    author_ids = {pk for pk in [case.owner_id, *case.authors.values_list("pk", flat=True)] if pk}
    authors = list(User.objects.filter(pk__in=author_ids).select_related("staff_municipality"))
    tools, categories = list(case.tools.all()), list(case.categories.all())
    return {
        "index_page": case.get_parent(),
        "municipality": Municipality.objects.select_related("prefecture").get(
            pk=case.municipality_id
        ),
        "metrics": list(case.metrics.all()),
        "attachments": list(case.attachments.select_related("document")),
        "tools": tools,
        "categories": categories,
        "tags": list(case.tags.all()),
        "authors": authors,
        "similar": similar_cases(case, tools, categories),
    }
