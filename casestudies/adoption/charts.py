"""Who adopted a page, by the size of the municipality: the proof a town of 8,000
looks for ("towns like mine did it"). One query, a count per population band,
however many adopters."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from community.charts.geometry import BarChart, BarRow, Series
from community.municipalities.bands import POPULATION_BANDS, Band

from .models import Adoption

SMALL_TOWN_LIMIT = 50_000


@dataclass
class BandCount:
    band: Band
    adopters: int


@dataclass
class AdopterBands:
    rows: list[BandCount]
    chart: BarChart

    @property
    def total(self) -> int:
        return sum(row.adopters for row in self.rows)


def adopter_counts(page_id) -> list[BandCount]:
    """The adoptions of the page per population band of the adopter (one query)."""
    counts = Adoption.objects.filter(page_id=page_id).aggregate(
        **{
            f"band_{number}": Count("pk", filter=band.q("municipality__"))
            for number, band in enumerate(POPULATION_BANDS)
        }
    )
    return [
        BandCount(band, counts[f"band_{number}"]) for number, band in enumerate(POPULATION_BANDS)
    ]


def adopter_bands(page) -> AdopterBands | None:
    """The chart and its table, or None while nobody has adopted the page."""
    if page.pk is None:  # a preview of a page not saved yet
        return None
    rows = adopter_counts(page.pk)
    total = sum(row.adopters for row in rows)
    if not total:
        return None
    small = sum(
        row.adopters for row in rows if row.band.maximum and row.band.maximum <= SMALL_TOWN_LIMIT
    )
    pairs = pgettext("list separator", ", ").join(
        f"{row.band.label} {number_format(row.adopters, force_grouping=True)}"
        for row in rows
        if row.adopters
    )
    description = _(
        "%(total)s municipalities adopted it, %(small)s of them under 50,000 people: %(pairs)s."
    ) % {"total": total, "small": small, "pairs": pairs}
    return AdopterBands(
        rows=rows,
        chart=BarChart(
            id="adopter-bands",
            title=_("Adopting municipalities by population"),
            description=description,
            series=[Series(_("Adopting municipalities"), 0)],
            rows=[BarRow(str(row.band.label), [row.adopters]) for row in rows],
            label_width=96,
        ),
    )
