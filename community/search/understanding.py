"""What a query says besides its words: a fiscal year (2023年度, 令和5年度, R5, 令和5)
and a zero budget (0円, 予算ゼロ, 予算なし). Each becomes a list filter
(``fiscal_year``, ``budget_band=zero``) for the kinds whose filter set has it, and
leaves the query; the page shows what it understood, with a link that undoes it.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

FIRST_REIWA = 2018  # 令和元年度 = 2019年度
FIRST_HEISEI = 1988

_FISCAL_YEAR = re.compile(
    r"(?:(?P<western>20\d{2})\s*年度)"
    r"|(?:(?P<era>令和|平成|(?<![A-Za-z])[RrHh])\s*(?P<number>\d{1,2}|元)(?![\d.])(?:\s*年度|\s*年)?)"
)
_ZERO_BUDGET = re.compile(
    r"予算\s*(?:ゼロ|0\s*円|なし|無し|不要|がなくても|がなく|がない|をかけずに|をかけない)"
    r"|(?<![\d,])0\s*円|費用\s*ゼロ|無予算"
)


@dataclass
class Understood:
    """``filters``: parameter → value; ``phrases``: what the reader typed for each,
    with how the page says it; ``remaining``: the query without those phrases."""

    remaining: str
    filters: dict[str, str] = field(default_factory=dict)
    phrases: list[dict] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.filters)


def _fiscal_year(match: re.Match) -> int | None:
    if match["western"]:
        return int(match["western"])
    number = 1 if match["number"] == "元" else int(match["number"])
    first = FIRST_HEISEI if match["era"] in ("平成", "H", "h") else FIRST_REIWA
    year = first + number
    return year if 2000 <= year <= 2040 else None


def era_name(year: int) -> str:
    """令和5 for 2023, 令和元 for 2019, 平成30 for 2018."""
    if year > FIRST_REIWA:
        return f"令和{year - FIRST_REIWA}" if year > FIRST_REIWA + 1 else "令和元"
    return f"平成{year - FIRST_HEISEI}"


def understand(query: str) -> Understood:
    text = unicodedata.normalize("NFKC", query or "")
    filters, phrases = {}, []
    year_match = _FISCAL_YEAR.search(text)
    if year_match and (year := _fiscal_year(year_match)):
        filters["fiscal_year"] = str(year)
        phrases.append(
            {
                "typed": year_match.group(0).strip(),
                "meaning": _("fiscal year %(year)s (%(era)s年度)")
                % {"year": year, "era": era_name(year)},
            }
        )
        text = text[: year_match.start()] + " " + text[year_match.end() :]
    zero_match = _ZERO_BUDGET.search(text)
    if zero_match:
        filters["budget_band"] = "zero"
        phrases.append({"typed": zero_match.group(0).strip(), "meaning": _("a budget of ¥0")})
        text = text[: zero_match.start()] + " " + text[zero_match.end() :]
    return Understood(" ".join(text.split()), filters, phrases)
