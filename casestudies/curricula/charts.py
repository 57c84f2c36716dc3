"""A curriculum's delivery record per 年度 as two column charts side by side
(sessions, participants: each on its own axis, since they count different things),
drawn from the delivery summary the page already has (no query)."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from casestudies.knowledge.fiscal import short_fiscal_year
from community.charts.geometry import ColumnChart, Series

from .services import DeliverySummary


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def delivery_charts(summary: DeliverySummary) -> list[ColumnChart]:
    """Sessions per 年度 and participants per 年度, every year from the first delivery
    to the last (a year without one shows as 0); none without deliveries."""
    by_year = dict(summary.by_fiscal_year)
    if not by_year:
        return []
    years = list(range(min(by_year), max(by_year) + 1))
    categories = [pgettext("fiscal year, short", "FY%(year)s") % {"year": year} for year in years]
    charts = []
    for measure, label, title, unit in (
        ("sessions", _("Sessions"), _("Sessions per fiscal year"), pgettext("unit", "sessions")),
        (
            "participants",
            _("Participants"),
            _("Participants per fiscal year"),
            pgettext("unit", "participants"),
        ),
    ):
        values = [getattr(by_year[year], measure) if year in by_year else 0 for year in years]
        pairs = pgettext("list separator", ", ").join(
            f"{short_fiscal_year(year)} {_n(value)}{unit}"
            for year, value in zip(years, values, strict=True)
        )
        charts.append(
            ColumnChart(
                id=f"delivery-{measure}",
                title=title,
                description=_("%(measure)s per fiscal year: %(pairs)s.")
                % {"measure": label, "pairs": pairs},
                series=[Series(label, 0 if measure == "sessions" else 2)],
                categories=categories,
                values=[values],
            )
        )
    return charts
