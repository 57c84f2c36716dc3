"""What a query says besides its words: a fiscal year (2023年度, 令和5年度, R5, 令和5),
a zero budget (0円, 予算ゼロ, 予算なし), a population (人口1万人未満, 5千人以下,
小規模自治体, 小さな町), a prefecture (北海道, 沖縄県) and a kind of municipality
(北海道の町, 人口5千人以下の村). Each becomes a list filter (``fiscal_year``,
``budget_band=zero``, ``population_min``/``population_max``, ``prefecture``,
``kind``) for the kinds whose filter set has them all, and leaves the query; the
page shows what it understood, with a link that undoes it.
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


# 小規模自治体: the size of town the site is for (PRODUCT.md's persona, 人口1万人未満).
SMALL_MUNICIPALITY = 10_000
_KANJI_DIGITS = {k: str(v) for v, k in enumerate("〇一二三四五六七八九")}
_NUMBER = r"(?P<number>\d[\d,]*(?:\.\d+)?|[一二三四五六七八九十]+)\s*(?P<unit>万|千)?\s*人?"
_POPULATION = re.compile(
    rf"(?:人口\s*(?:が|は)?\s*)?{_NUMBER}\s*(?P<bound>未満|以下|以上|超|を超える|より少ない|より多い)"
    r"(?:\s*の)?"
)
_SMALL = re.compile(r"(?:小規模|小さな|小さい)\s*(?:な\s*)?(?P<what>自治体|市町村|町村|町|村)")
# 「の町」 followed by an end, a space or a particle (not 町民, 村役場).
_KIND_AFTER = re.compile(r"^\s*の?\s*(?P<kind>町|村)(?=$|[\s、。・のでにがをはと])")
KINDS = {"町": "town", "村": "village"}
# The 47 prefectures in their code order (01 北海道 … 47 沖縄県).
PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県",
    "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県",
    "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県",
    "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県",
    "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)  # fmt: skip
_PREFECTURE = re.compile("|".join(sorted(PREFECTURES, key=len, reverse=True)))
# What is left of a query once its filters are taken out and says nothing by itself.
_FILLER = re.compile(
    r"^(?:[\sのでにがをはと、。・]|事例|取り組み|取組み?|自治体|市町村|を?教えて(?:ください)?|を?知りたい)*$"
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


def _people(match: re.Match) -> int | None:
    number = match["number"].replace(",", "")
    if number[0] in _KANJI_DIGITS or number[0] == "十":
        if not all(c in _KANJI_DIGITS for c in number):
            return 10 if number == "十" else None
        number = "".join(_KANJI_DIGITS[c] for c in number)
    value = float(number) * {"万": 10_000, "千": 1_000, None: 1}[match["unit"]]
    return int(value) if value >= 100 else None  # 「3人以下」 is not a town's size


def _cut(text: str, match: re.Match) -> str:
    return text[: match.start()] + " " + text[match.end() :]


def _population(text: str, filters: dict, phrases: list) -> str:
    """A population phrase as ``population_min``/``population_max`` (the upper bound
    exclusive, as the list's filter takes it); the text without it."""
    match = _POPULATION.search(text)
    # A number of people: 「人口…」 or 「…人」 (「100件以上」「100以上」 are not).
    if match and "人" not in match.group(0):
        match = None
    if match and (people := _people(match)):
        bound = match["bound"]
        if bound in ("未満", "より少ない"):
            filters["population_max"] = str(people)
            meaning = _("fewer than %(people)s people")
        elif bound == "以下":
            filters["population_max"] = str(people + 1)
            meaning = _("%(people)s people or fewer")
        elif bound == "以上":
            filters["population_min"] = str(people)
            meaning = _("%(people)s people or more")
        else:
            filters["population_min"] = str(people + 1)
            meaning = _("more than %(people)s people")
        phrases.append(
            {"typed": match.group(0).strip(), "meaning": meaning % {"people": f"{people:,}"}}
        )
        return _kind(_cut(text, match), match.start(), filters, phrases)
    match = _SMALL.search(text)
    if match:
        filters["population_max"] = str(SMALL_MUNICIPALITY)
        meaning = _("fewer than %(people)s people") % {"people": f"{SMALL_MUNICIPALITY:,}"}
        if match["what"] in KINDS:
            filters["kind"] = KINDS[match["what"]]
            meaning = f"{meaning}, {_kind_label(match['what'])}"
        phrases.append({"typed": match.group(0).strip(), "meaning": meaning})
        return _cut(text, match)
    return text


def _kind_label(kanji: str) -> str:
    return _("towns") if kanji == "町" else _("villages")


def _kind(text: str, at: int, filters: dict, phrases: list) -> str:
    """「…の町」「…の村」 right after a population or a prefecture: that kind."""
    match = _KIND_AFTER.match(text[at:].lstrip())
    if not match or "kind" in filters:
        return text
    start = at + (len(text[at:]) - len(text[at:].lstrip()))
    filters["kind"] = KINDS[match["kind"]]
    phrases.append({"typed": match.group(0).strip(), "meaning": _kind_label(match["kind"])})
    return text[:start] + " " + text[start + match.end() :]


def _prefecture(text: str, filters: dict, phrases: list) -> str:
    match = _PREFECTURE.search(text)
    if not match:
        return text
    code = f"{PREFECTURES.index(match.group(0)) + 1:02d}"
    filters["prefecture"] = code
    name = _prefecture_name(code, match.group(0))
    phrases.append(
        {"typed": match.group(0), "meaning": _("in %(prefecture)s") % {"prefecture": name}}
    )
    return _kind(_cut(text, match), match.start(), filters, phrases)


def _prefecture_name(code: str, name: str) -> str:
    from django.utils.translation import get_language

    if (get_language() or "").startswith("en"):
        from community.municipalities.romaji import PREFECTURES_EN

        return PREFECTURES_EN.get(code, name)
    return name


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
    text = _population(text, filters, phrases)
    text = _prefecture(text, filters, phrases)
    remaining = " ".join(text.split())
    if filters and _FILLER.match(remaining):
        remaining = ""
    return Understood(remaining, filters, phrases)
