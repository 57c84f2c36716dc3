from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone

from casestudies.knowledge.detail import knowledge_context
from casestudies.knowledge.spreadsheet import SafeWriter
from community.municipalities.bands import population_band_for

from .charts import outcome_chart
from .listing import CASE_STUDIES, published_case_studies, with_card_data
from .models import CaseStudyPage

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def case_study_csv(request, index_page):
    """The filtered list as open data (CC BY 4.0), streamed."""
    filters, queryset, _snippets = CASE_STUDIES.filtered(request)
    if not filters.is_valid():
        problems = "\n".join(
            f"{problem['label']}: {' '.join(problem['messages'])}" for problem in filters.problems()
        )
        return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")
    rows = with_card_data(queryset).prefetch_related("tags")
    base = request.build_absolute_uri("/")[:-1]

    def lines():
        writer = SafeWriter(Echo())
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
    same_band = population_band_for(case.municipality.population).q("municipality__")
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
    context = knowledge_context(case)
    metrics = list(case.metrics.all())
    return {
        **context,
        "metrics": metrics,
        "outcome_chart": outcome_chart(metrics),
        "attachments": list(case.attachments.select_related("document")),
        "similar": similar_cases(case, context["tools"], context["categories"]),
    }
