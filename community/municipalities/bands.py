"""Population and budget bands exactly as PRODUCT.md names them."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Band:
    slug: str
    label: str
    minimum: int  # inclusive
    maximum: int | None  # exclusive; None = no upper bound

    def contains(self, value: int | None) -> bool:
        if value is None:
            return False
        return value >= self.minimum and (self.maximum is None or value < self.maximum)


POPULATION_BANDS: tuple[Band, ...] = (
    Band("under_5k", pgettext_lazy("population band", "Under 5,000"), 0, 5_000),
    Band("5k_10k", pgettext_lazy("population band", "5,000–10,000"), 5_000, 10_000),
    Band("10k_30k", pgettext_lazy("population band", "10,000–30,000"), 10_000, 30_000),
    Band("30k_50k", pgettext_lazy("population band", "30,000–50,000"), 30_000, 50_000),
    Band("50k_100k", pgettext_lazy("population band", "50,000–100,000"), 50_000, 100_000),
    Band("100k_300k", pgettext_lazy("population band", "100,000–300,000"), 100_000, 300_000),
    Band("300k_500k", pgettext_lazy("population band", "300,000–500,000"), 300_000, 500_000),
    Band("500k_plus", pgettext_lazy("population band", "500,000 or more"), 500_000, None),
)
POPULATION_BAND_BY_SLUG = {band.slug: band for band in POPULATION_BANDS}
POPULATION_BAND_CHOICES = [(band.slug, band.label) for band in POPULATION_BANDS]


def population_band_for(population: int | None) -> Band | None:
    for band in POPULATION_BANDS:
        if band.contains(population):
            return band
    return None


# Budget bands (yen). Upper bounds are inclusive in the product's wording
# ("〜10万円" means up to and including 100,000), hence maximum + 1 here.
BUDGET_BANDS: tuple[Band, ...] = (
    Band("zero", pgettext_lazy("budget band", "¥0"), 0, 1),
    Band("upto_100k", pgettext_lazy("budget band", "Up to ¥100,000"), 1, 100_001),
    Band("upto_1m", pgettext_lazy("budget band", "Up to ¥1 million"), 100_001, 1_000_001),
    Band("upto_5m", pgettext_lazy("budget band", "Up to ¥5 million"), 1_000_001, 5_000_001),
    Band("upto_10m", pgettext_lazy("budget band", "Up to ¥10 million"), 5_000_001, 10_000_001),
    Band("over_10m", pgettext_lazy("budget band", "Over ¥10 million"), 10_000_001, None),
)
BUDGET_BAND_BY_SLUG = {band.slug: band for band in BUDGET_BANDS}
BUDGET_BAND_CHOICES = [(band.slug, band.label) for band in BUDGET_BANDS]
UNDISCLOSED_BUDGET_LABEL = _("Not disclosed")


def budget_band_for(yen: int | None) -> Band | None:
    for band in BUDGET_BANDS:
        if band.contains(yen):
            return band
    return None
