"""A municipality's page: what it published, adopted and hosted, per 年度 (a chart
and its table). One query: a UNION of the five counts."""

from django.db.models import Count, Value
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from casestudies.adoption.models import Adoption
from casestudies.knowledge.fiscal import short_fiscal_year
from community.charts.geometry import ColumnChart, Series
from community.visits.models import VisitRequest
from community.visits.states import Status
from yokoten.compiled import CompiledQuery

from .stats import KINDS, fiscal_year, private_pages

YEARS_SHOWN = 8


def _activity(municipality_id: int):
    """(series, 年度, count) for "published", "adopted" and "hosted": a UNION of the
    five counts."""
    private = private_pages()
    parts = [
        model.objects.live()
        .exclude(private)
        .filter(municipality_id=municipality_id, first_published_at__isnull=False)
        .order_by()
        .annotate(series=Value("published"), fy=fiscal_year("first_published_at"))
        .values_list("series", "fy")
        .annotate(n=Count("pk"))
        for _kind, model in KINDS
    ]
    parts.append(
        Adoption.objects.filter(municipality_id=municipality_id, page__live=True)
        .exclude(private_pages("page__path"))
        .order_by()
        .annotate(series=Value("adopted"), fy=fiscal_year("adopted_on"))
        .values_list("series", "fy")
        .annotate(n=Count("pk"))
    )
    parts.append(
        VisitRequest.objects.filter(
            offer__municipality_id=municipality_id, status=Status.DONE, starts_at__isnull=False
        )
        .order_by()
        .annotate(series=Value("hosted"), fy=fiscal_year("starts_at"))
        .values_list("series", "fy")
        .annotate(n=Count("pk"))
    )
    return parts[0].union(*parts[1:], all=True)


# Compiled once per process (yokoten/compiled.py): the municipality page's one query.
ACTIVITY = CompiledQuery(_activity)


def activity_rows(municipality) -> list[tuple[str, int, int]]:
    """(series, 年度, count) for "published", "adopted" and "hosted"."""
    return [(series, int(year), n) for series, year, n in ACTIVITY.rows(municipality.pk)]


def activity_of(municipality, request) -> dict | None:
    counts: dict[str, dict[int, int]] = {"published": {}, "adopted": {}, "hosted": {}}
    for series, year, n in activity_rows(municipality):
        counts[series][year] = counts[series].get(year, 0) + n
    years = sorted({year for by_year in counts.values() for year in by_year})
    if not years:
        return None
    years = list(range(max(years[0], years[-1] - YEARS_SHOWN + 1), years[-1] + 1))
    labels = {
        "published": _("Published"),
        "adopted": _("Adopted from others"),
        "hosted": _("Site visits hosted"),
    }
    rows = [
        {"year": year, **{series: counts[series].get(year, 0) for series in counts}}
        for year in years
    ]
    pairs = "; ".join(
        f"{short_fiscal_year(row['year'])}: "
        + pgettext("list separator", ", ").join(
            f"{labels[s]} {number_format(row[s], force_grouping=True)}" for s in counts
        )
        for row in rows
    )
    chart = ColumnChart(
        id="municipality-activity",
        title=_("%(name)s: activity per fiscal year") % {"name": municipality.name},
        description=pairs + ".",
        series=[Series(labels[s], index) for index, s in enumerate(counts)],
        categories=[
            pgettext("fiscal year, short", "FY%(year)s") % {"year": year} for year in years
        ],
        values=[[row[s] for row in rows] for s in counts],
    )
    return {"chart": chart, "rows": rows, "labels": labels}
