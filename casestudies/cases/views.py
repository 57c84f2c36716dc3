from django.db.models import QuerySet
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone
from wagtail.models import Page

from casestudies.home.routing import private_pages
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
             "fiscal_year", "budget_yen", "budget_source", "tools", "categories", "tags", "first_published_at", "licence",
             "initial_cost_yen", "running_cost_yen", "running_cost_after_trial_yen", "licences", "licence_count",
             "procurement_route", "funding", "build_hours", "running_hours_per_month", "months_to_launch",
             "staff_involved", "one_person_feasible", "agreed_with"]
        )  # fmt: skip
        for case in rows.iterator(chunk_size=200):
            band = population_band_for(case.municipality.population)
            yield writer.writerow(
                [case.pk, case.title, base + case.url, case.municipality.code, case.municipality.prefecture.name,
                 case.municipality.name, case.municipality.population, band.slug if band else "", case.fiscal_year,
                 _number(case.budget_yen), case.budget_source,
                 "|".join(t.name for t in case.tools.all()), "|".join(c.name for c in case.categories.all()),
                 "|".join(t.name for t in case.tags.all()),
                 case.first_published_at.isoformat() if case.first_published_at else "", "CC BY 4.0",
                 _number(case.initial_cost_yen), _number(case.running_cost_yen),
                 _number(case.running_cost_after_trial_yen), case.licences, _number(case.licence_count),
                 case.procurement_route, "|".join(f.name for f in case.funding.all()),
                 _number(case.build_hours), _number(case.running_hours_per_month),
                 _number(case.months_to_launch), _number(case.staff_involved),
                 "true" if case.one_person_feasible else "false", "|".join(case.agreed_with or [])]
            )  # fmt: skip

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="yokoten-casestudies-{stamp}.csv"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


def _number(value) -> str | int:
    return "" if value is None else value


class Echo:
    def write(self, value):
        return value


def similar_cases(case: CaseStudyPage, tools, categories, limit: int = 4):
    """Same tools or categories; municipalities of the same population band first,
    then the most shared, then the newest.

    Towns of the same band are looked at first, and the others only when they have
    fewer than ``limit`` (one query, rarely two): on the national dataset most case
    studies share a category, and ranking them all took most of the page's SQL. The
    shared tools and categories are counted in subqueries on the link tables."""
    from django.db.models import Count, OuterRef, Q, Subquery
    from django.db.models.functions import Coalesce

    tool_ids = [tool.pk for tool in tools]
    category_ids = [category.pk for category in categories]
    if not tool_ids and not category_ids:
        return []
    tool_links = CaseStudyPage.tools.through.objects.filter(tool_id__in=tool_ids)
    category_links = CaseStudyPage.categories.through.objects.filter(category_id__in=category_ids)

    def shared(links):
        per_case = (
            links.filter(casestudypage_id=OuterRef("pk")).order_by().values("casestudypage_id")
        )
        return Coalesce(Subquery(per_case.annotate(n=Count("*")).values("n")), 0)

    ranked = (
        published_case_studies()
        .exclude(pk=case.pk)
        .filter(
            Q(pk__in=tool_links.values("casestudypage_id"))
            | Q(pk__in=category_links.values("casestudypage_id"))
        )
        .annotate(shared=shared(tool_links) + shared(category_links))
        .order_by("-shared", "-first_published_at", "-pk")
        .select_related("municipality__prefecture")
    )
    same_band = population_band_for(case.municipality.population).q("municipality__")
    similar = list(ranked.filter(same_band)[:limit])
    if len(similar) < limit:
        similar += ranked.exclude(same_band)[: limit - len(similar)]
    return similar


def _live_pages_naming(model, case: CaseStudyPage) -> list:
    if case.pk is None:  # a preview of a case not saved yet
        return []
    return list(
        model.objects.live()
        .filter(related_cases__case_study=case)
        .exclude(private_pages())
        .distinct()
        .order_by("title")
        .only("title", "url_path", "path", "depth")
    )


def templates_using(case: CaseStudyPage) -> list:
    """Live app templates that name this case study among theirs (one query)."""
    from casestudies.apptemplates.models import AppTemplatePage

    return _live_pages_naming(AppTemplatePage, case)


def curricula_using(case: CaseStudyPage) -> list:
    """Live curricula that name this case study among theirs (one query)."""
    from casestudies.curricula.models import CurriculumPage

    return _live_pages_naming(CurriculumPage, case)


def _kinds_using() -> tuple:
    from casestudies.apptemplates.models import AppTemplatePage
    from casestudies.curricula.models import CurriculumPage

    return AppTemplatePage, CurriculumPage


def pages_naming(case: CaseStudyPage):
    """The live, public app templates and curricula that name this case study among
    theirs, by title (as Wagtail pages: split them with ``by_kind``)."""
    if case.pk is None:  # a preview of a case not saved yet
        return []
    links = [
        model.related_cases.rel.related_model.objects.filter(case_study_id=case.pk)
        .values("page_id")
        .order_by()
        for model in _kinds_using()
    ]
    naming = links[0].union(*links[1:], all=True)  # the pages by their ids: no scan of all pages
    return Page.objects.live().filter(pk__in=naming).exclude(private_pages()).order_by("title")


def by_kind(pages) -> tuple[list, list]:
    """(app templates, curricula) of ``pages_naming``'s pages."""
    kinds = {model: [] for model in _kinds_using()}
    for page in pages:
        if page.specific_class in kinds:
            kinds[page.specific_class].append(page)
    return tuple(kinds.values())


def _lists(case: CaseStudyPage) -> dict:
    """The case's own short lists, read with its tags and terms (knowledge_context)."""
    attachments = case.attachments.all()
    if isinstance(attachments, QuerySet):  # else a preview: held in memory
        attachments = attachments.select_related("document")
    return {
        "metrics": case.metrics.all(),
        "follow_ups": case.follow_ups.all(),
        "attachments": attachments,
        "pages_naming": pages_naming(case),
    }


def case_study_detail_context(case: CaseStudyPage, request) -> dict:
    context = knowledge_context(case, terms=("tools", "categories", "funding"), lists=_lists)
    metrics = context["metrics"]
    templates_used, curricula_used = by_kind(context.pop("pages_naming"))
    url = case.get_url(request)
    return {
        **context,
        "templates_used": templates_used,
        "curricula_used": curricula_used,
        "print_url": request.build_absolute_uri(url) if url else "",
        "follow_ups": sorted(
            context["follow_ups"], key=lambda note: (note.noted_on, note.pk or 0), reverse=True
        ),
        "outcome_chart": outcome_chart(metrics),
        "similar": similar_cases(case, context["tools"], context["categories"]),
    }
