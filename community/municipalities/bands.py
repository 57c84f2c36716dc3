"""Population and budget bands exactly as PRODUCT.md names them.

A band is a named range of one number (a municipality's population, a project's
budget in yen) and knows the query that finds it: ``band.q("municipality__")``
is the one place a band becomes SQL. A free range is a band without a slug
(``POPULATION.range(10_000, 50_000)``), so filters treat both alike."""

from dataclasses import dataclass, replace

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def between(path: str, minimum: int | None = None, maximum: int | None = None) -> Q:
    """``path`` at least ``minimum`` (inclusive) and under ``maximum`` (exclusive)."""
    condition = Q()
    if minimum is not None:
        condition &= Q(**{f"{path}__gte": minimum})
    if maximum is not None:
        condition &= Q(**{f"{path}__lt": maximum})
    return condition


@dataclass(frozen=True)
class Band:
    slug: str
    label: str
    minimum: int  # inclusive
    maximum: int | None  # exclusive; None = no upper bound
    field: str = "population"  # the number this band ranges over

    def contains(self, value: int | None) -> bool:
        if value is None:
            return False
        return value >= self.minimum and (self.maximum is None or value < self.maximum)

    def q(self, prefix: str = "") -> Q:
        """Rows whose number is in the band; ``prefix`` leads to it (``"municipality__"``).
        Rows without the number (an undisclosed budget) are in no band."""
        return between(f"{prefix}{self.field}", self.minimum, self.maximum)

    def narrowed(self, minimum: int | None = None, maximum: int | None = None) -> "Band":
        """The part of this band within [minimum, maximum) (the same band if it fits)."""
        low = max(self.minimum, minimum or 0)
        high = self.maximum
        if maximum is not None:
            high = maximum if high is None else min(high, maximum)
        if (low, high) == (self.minimum, self.maximum):
            return self
        return replace(self, slug="", minimum=low, maximum=high)


@dataclass(frozen=True)
class BandSet:
    """The bands of one number, in order, and free ranges of it."""

    field: str
    bands: tuple[Band, ...]

    def __iter__(self):
        return iter(self.bands)

    def get(self, slug: str) -> Band | None:
        return next((band for band in self.bands if band.slug == slug), None)

    def for_value(self, value: int | None) -> Band | None:
        return next((band for band in self.bands if band.contains(value)), None)

    def range(self, minimum: int | None = None, maximum: int | None = None) -> Band:
        """A free range, or the named band when it is exactly one."""
        low = minimum or 0
        for band in self.bands:
            if (band.minimum, band.maximum) == (low, maximum):
                return band
        return Band("", "", low, maximum, self.field)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(band.slug, band.label) for band in self.bands]


def _bands(field: str, *rows: tuple) -> BandSet:
    return BandSet(field, tuple(Band(*row, field=field) for row in rows))


POPULATION = _bands(
    "population",
    ("under_5k", pgettext_lazy("population band", "Under 5,000"), 0, 5_000),
    ("5k_10k", pgettext_lazy("population band", "5,000–10,000"), 5_000, 10_000),
    ("10k_30k", pgettext_lazy("population band", "10,000–30,000"), 10_000, 30_000),
    ("30k_50k", pgettext_lazy("population band", "30,000–50,000"), 30_000, 50_000),
    ("50k_100k", pgettext_lazy("population band", "50,000–100,000"), 50_000, 100_000),
    ("100k_300k", pgettext_lazy("population band", "100,000–300,000"), 100_000, 300_000),
    ("300k_500k", pgettext_lazy("population band", "300,000–500,000"), 300_000, 500_000),
    ("500k_plus", pgettext_lazy("population band", "500,000 or more"), 500_000, None),
)
POPULATION_BANDS = POPULATION.bands
POPULATION_BAND_CHOICES = POPULATION.choices


def population_band_for(population: int | None) -> Band | None:
    return POPULATION.for_value(population)


# Budget bands (yen). Upper bounds are inclusive in the product's wording
# ("〜10万円" means up to and including 100,000), hence maximum + 1 here.
BUDGET = _bands(
    "budget_yen",
    ("zero", pgettext_lazy("budget band", "¥0"), 0, 1),
    ("upto_100k", pgettext_lazy("budget band", "Up to ¥100,000"), 1, 100_001),
    ("upto_1m", pgettext_lazy("budget band", "Up to ¥1 million"), 100_001, 1_000_001),
    ("upto_5m", pgettext_lazy("budget band", "Up to ¥5 million"), 1_000_001, 5_000_001),
    ("upto_10m", pgettext_lazy("budget band", "Up to ¥10 million"), 5_000_001, 10_000_001),
    ("over_10m", pgettext_lazy("budget band", "Over ¥10 million"), 10_000_001, None),
)
BUDGET_BANDS = BUDGET.bands
BUDGET_BAND_CHOICES = BUDGET.choices
UNDISCLOSED_BUDGET_LABEL = _("Not disclosed")


def budget_band_for(yen: int | None) -> Band | None:
    return BUDGET.for_value(yen)
