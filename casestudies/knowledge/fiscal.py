"""年度 (April–March) as Japanese readers expect: 令和5年度（2023年度）."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

_ERAS = ((2019, "令和"), (1989, "平成"))
_ERAS_EN = {"令和": "Reiwa", "平成": "Heisei"}


def era_fiscal_year(year: int) -> str:
    for start, name in _ERAS:
        if year >= start:
            number = year - start + 1
            return f"{name}{'元' if number == 1 else number}年度"
    return f"{year}年度"


def era_in_english(year: int) -> str:
    """ "Reiwa 5" for 2023 (the era's year, as 令和5年度 counts it)."""
    for start, name in _ERAS:
        if year >= start:
            return f"{_ERAS_EN[name]} {year - start + 1}"
    return str(year)


def short_fiscal_year(year: int) -> str:
    """「令和5年度」 in Japanese, "FY2023" in English (chart labels)."""
    if (get_language() or "ja").startswith("ja"):
        return era_fiscal_year(year)
    return _("FY%(year)s") % {"year": year}


def fiscal_year_of(date) -> int:
    """The 年度 a date falls in: April 2023 – March 2024 is 2023."""
    return date.year if date.month >= 4 else date.year - 1


def fiscal_year_label(year: int | None) -> str:
    """「令和5年度（2023年度）」 in Japanese, "FY2023 (Reiwa 5)" in English."""
    if year is None:
        return ""
    if (get_language() or "ja").startswith("ja"):
        return f"{era_fiscal_year(year)}（{year}年度）"
    return _("FY%(year)s (%(era)s)") % {"year": year, "era": era_in_english(year)}
