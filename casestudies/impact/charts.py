"""The impact page's pictures, drawn from its ``ImpactNumbers``."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from casestudies.knowledge.fiscal import short_fiscal_year
from community.charts.geometry import BarChart, BarRow, ColumnChart, Series
from community.municipalities.maps import japan_map

from .forms import MEASURES
from .stats import ImpactNumbers


def _n(value) -> str:
    return number_format(value, force_grouping=True)


def place_summary(place) -> str:
    return _(
        "%(name)s: %(cases)s case studies, %(content)s published in all, %(adoptions)s adoptions, %(visits)s site visits held"
    ) % {
        "name": place.name,
        "cases": _n(place.cases),
        "content": _n(place.content),
        "adoptions": _n(place.adoptions),
        "visits": _n(place.visits),
    }


def measure_label(measure: str) -> str:
    return str(dict(MEASURES)[measure])


def prefecture_map(numbers: ImpactNumbers, measure: str, hrefs: dict, current: str):
    places = numbers.prefectures
    values = {code: place.value(measure) for code, place in places.items()}
    ranked = sorted(
        (p for p in places.values() if p.value(measure)), key=lambda p: -p.value(measure)
    )
    label = measure_label(measure)
    if ranked:
        leaders = pgettext("list separator", ", ").join(
            f"{p.name} {_n(p.value(measure))}" for p in ranked[:5]
        )
        description = _(
            "%(measure)s by prefecture. Most: %(leaders)s. %(with)s of 47 prefectures have at least one; "
            "the table beside the map lists every prefecture."
        ) % {"measure": label, "leaders": leaders, "with": _n(len(ranked))}
    else:
        description = _("%(measure)s by prefecture: none yet under these filters.") % {
            "measure": label
        }
    return japan_map(
        values,
        {code: place.name for code, place in places.items()},
        id="impact-map",
        title=_("Map of Japan: %(measure)s by prefecture") % {"measure": label},
        description=description,
        summaries={code: place_summary(place) for code, place in places.items()},
        hrefs=hrefs,
        current=current,
    )


def adoptions_over_time(numbers: ImpactNumbers) -> ColumnChart | None:
    years = numbers.adoptions_by_year
    if not years:
        return None
    first, last = min(years), max(years)
    span = list(range(first, last + 1))
    pairs = pgettext("list separator", ", ").join(
        f"{short_fiscal_year(year)} {_n(years.get(year, 0))}" for year in span
    )
    return ColumnChart(
        id="impact-years",
        title=_("Adoptions (横展開) per fiscal year"),
        description=_("Adoptions recorded per fiscal year: %(pairs)s.") % {"pairs": pairs},
        series=[Series(pgettext("impact measure", "Adoptions"))],
        categories=[pgettext("fiscal year, short", "FY%(year)s") % {"year": year} for year in span],
        values=[[years.get(year, 0) for year in span]],
    )


def band_chart(numbers: ImpactNumbers) -> BarChart:
    content, adopted = Series(_("Published"), 0), Series(_("Adopted"), 1)
    pairs = "; ".join(
        _("%(band)s: %(content)s published, %(adoptions)s adopted")
        % {"band": row.band.label, "content": _n(row.content), "adoptions": _n(row.adoptions)}
        for row in numbers.bands
    )
    share = numbers.small_town_share
    headline = (
        _("%(share)s of what was published comes from municipalities under 50,000 people.")
        % {"share": f"{share:.0%}"}
        if share is not None
        else _("Nothing has been published under these filters.")
    )
    return BarChart(
        id="impact-bands",
        title=_("Published and adopted, by the population of the municipality"),
        description=f"{headline} {pairs}.",
        series=[content, adopted],
        rows=[BarRow(str(row.band.label), [row.content, row.adoptions]) for row in numbers.bands],
    )


def practice_chart(numbers: ImpactNumbers) -> BarChart | None:
    if not numbers.practices:
        return None
    adopted, family = Series(_("Adoptions"), 0), Series(_("With derived templates"), 1)
    pairs = "; ".join(
        _("%(title)s: %(adoptions)s adoptions, %(family)s with its derived templates")
        % {"title": p.title, "adoptions": _n(p.adoptions), "family": _n(p.family_adoptions)}
        for p in numbers.practices
    )
    return BarChart(
        id="impact-practices",
        title=_("Practices spreading the most (横展開)"),
        description=pairs + ".",
        series=[adopted, family],
        rows=[
            BarRow(
                p.title if len(p.title) <= 30 else p.title[:29] + "…",
                [p.adoptions, p.family_adoptions],
            )
            for p in numbers.practices
        ],
    )
