"""Reading, validating and upserting the registry of local governments.

The same code path serves the shipped data file (``load_municipalities``)
and next year's CSV (``import_municipalities PATH``): every row is checked
first, and a file with any bad row writes nothing.
"""

import csv
import datetime
import functools
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from yokoten.cache_policy import retire_everything

from .codes import check_digit, is_valid_code
from .held import registry_changed
from .models import (
    Kind,
    Municipality,
    OfficialDomain,
    Prefecture,
    normalise_domain,
    region_for_prefecture,
    validate_official_domain,
)
from .romaji import municipality_name_en

DATA_FILE = Path(__file__).resolve().parent / "data" / "local_governments.json"
CSV_COLUMNS = (
    "code",
    "prefecture",
    "name",
    "name_kana",
    "kind",
    "population",
    "population_as_of",
    "website",
)

PREFECTURE_NAMES = {
    "01": "北海道", "02": "青森県", "03": "岩手県", "04": "宮城県", "05": "秋田県", "06": "山形県",
    "07": "福島県", "08": "茨城県", "09": "栃木県", "10": "群馬県", "11": "埼玉県", "12": "千葉県",
    "13": "東京都", "14": "神奈川県", "15": "新潟県", "16": "富山県", "17": "石川県", "18": "福井県",
    "19": "山梨県", "20": "長野県", "21": "岐阜県", "22": "静岡県", "23": "愛知県", "24": "三重県",
    "25": "滋賀県", "26": "京都府", "27": "大阪府", "28": "兵庫県", "29": "奈良県", "30": "和歌山県",
    "31": "鳥取県", "32": "島根県", "33": "岡山県", "34": "広島県", "35": "山口県", "36": "徳島県",
    "37": "香川県", "38": "愛媛県", "39": "高知県", "40": "福岡県", "41": "佐賀県", "42": "長崎県",
    "43": "熊本県", "44": "大分県", "45": "宮崎県", "46": "鹿児島県", "47": "沖縄県",
}  # fmt: skip

_url_validator = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class RegistryRow:
    line: int
    code: str
    prefecture: str
    name: str
    name_kana: str
    kind: str
    population: int
    population_as_of: datetime.date
    website: str

    @property
    def prefecture_code(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class RowError:
    line: int
    message: str
    column: str = ""

    def __str__(self) -> str:
        if self.column:
            return _("line %(line)s, column %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


# Encodings a registry CSV may come in: UTF-8 (with or without the BOM that Excel
# writes), or Shift_JIS as Japanese spreadsheets export it (CP932, Microsoft's).
ENCODINGS = {"utf-8": "utf-8-sig", "cp932": "cp932"}
# No local government has more people than this (Tokyo-to: about 14 million).
MAX_POPULATION = 20_000_000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    domains_added: int = 0
    skipped_domains: list[str] = field(default_factory=list)


class RegistryError(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


def _too_long(value: dict[str, str]) -> list[tuple[str, str]]:
    """(column, problem) for each value longer than its database column holds:
    a name is never cut short in silence."""
    problems = []
    for column in ("name", "name_kana", "website"):
        limit = Municipality._meta.get_field(column).max_length
        if len(value[column]) > limit:
            problems.append(
                (
                    column,
                    _("%(length)s characters is longer than the %(limit)s this column holds")
                    % {"length": len(value[column]), "limit": limit},
                )
            )
    return problems


def _check_row(line: int, raw: dict[str, str]) -> tuple[RegistryRow | None, list]:
    """The row, or the problems: each a message, or (column, message)."""
    problems: list = []
    value = {column: (raw.get(column) or "").strip() for column in CSV_COLUMNS}
    problems += _too_long(value)

    code = value["code"]
    if not is_valid_code(code):
        if len(code) == 6 and code.isdigit():
            problems.append(
                _("code %(code)s has a wrong check digit (expected %(digit)s)")
                % {"code": code, "digit": check_digit(code[:5])}
            )
        else:
            problems.append(_("code %(code)r is not six digits") % {"code": code})

    kind = value["kind"]
    if kind not in Kind.values:
        problems.append(
            _("kind %(kind)r is not one of %(kinds)s")
            % {"kind": kind, "kinds": ", ".join(Kind.values)}
        )

    if code[:2] in PREFECTURE_NAMES and value["prefecture"] != PREFECTURE_NAMES[code[:2]]:
        problems.append(
            _("prefecture %(given)r does not match code %(code)s (%(expected)s)")
            % {"given": value["prefecture"], "code": code, "expected": PREFECTURE_NAMES[code[:2]]}
        )
    elif code[:2].isdigit() and code[:2] not in PREFECTURE_NAMES:
        problems.append(_("code %(code)s names no prefecture") % {"code": code})

    is_prefecture_code = code[2:5] == "000"
    if kind in Kind.values and (kind == Kind.PREFECTURE) != is_prefecture_code:
        problems.append(
            _("kind %(kind)s does not fit code %(code)s") % {"kind": kind, "code": code}
        )
    if kind and kind != Kind.PREFECTURE:
        if not value["name"]:
            problems.append(_("a municipality needs a name"))
        if not value["name_kana"]:
            problems.append(_("a municipality needs its reading in kana"))

    population = None
    try:
        population = int(value["population"].replace(",", ""))
        if population < 0:
            raise ValueError
    except ValueError:
        problems.append(
            (
                "population",
                _("%(value)r is not a whole number of people") % {"value": value["population"]},
            )
        )
    else:
        if population > MAX_POPULATION:
            problems.append(
                (
                    "population",
                    _("%(value)s is more people than any local government has (at most %(max)s)")
                    % {"value": f"{population:,}", "max": f"{MAX_POPULATION:,}"},
                )
            )
            population = None

    as_of = None
    try:
        as_of = datetime.date.fromisoformat(value["population_as_of"])
    except ValueError:
        problems.append(
            _("population_as_of %(value)r is not a date (YYYY-MM-DD)")
            % {"value": value["population_as_of"]}
        )

    if value["website"]:
        try:
            _url_validator(value["website"])
        except ValidationError:
            problems.append(
                _("website %(value)r is not an http(s) address") % {"value": value["website"]}
            )

    if problems:
        return None, problems
    return (
        RegistryRow(
            line=line,
            code=code,
            prefecture=value["prefecture"],
            name=value["name"] if kind != Kind.PREFECTURE else value["prefecture"],
            name_kana=value["name_kana"],
            kind=kind,
            population=population,
            population_as_of=as_of,
            website=value["website"],
        ),
        [],
    )


def validate_rows(numbered_rows: Iterable[tuple[int, dict[str, str]]]) -> list[RegistryRow]:
    """Check every row; raise ``RegistryError`` listing all problems, or return the rows."""
    rows: list[RegistryRow] = []
    errors: list[RowError] = []
    first_line_of: dict[str, int] = {}
    for line, raw in numbered_rows:
        try:
            row, problems = _check_row(line, raw)
        except Exception as error:  # any surprise in a row is that row's error, with its line
            row, problems = None, [_("the row could not be read (%(error)s)") % {"error": error}]
        for problem in problems:
            if isinstance(problem, tuple):
                column, message = problem
                errors.append(RowError(line, message, column=column))
            else:
                errors.append(RowError(line, problem))
        if row is None:
            continue
        if row.code in first_line_of:
            errors.append(
                RowError(
                    line,
                    _("code %(code)s already appears on line %(first)s")
                    % {"code": row.code, "first": first_line_of[row.code]},
                )
            )
            continue
        first_line_of[row.code] = line
        rows.append(row)
    if not rows and not errors:
        errors.append(RowError(1, _("the file has no rows")))
    if errors:
        raise RegistryError(errors)
    return rows


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(ENCODINGS[encoding])
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        if encoding == "utf-8":
            message = _(
                "the file is not UTF-8 text (with or without BOM): byte %(byte)s at byte %(column)s "
                "of the line cannot be read."
            ) % {"byte": f"0x{data[error.start]:02x}", "column": column}
            try:
                data.decode(ENCODINGS["cp932"])
            except UnicodeDecodeError:
                pass
            else:
                message += " " + _(
                    "It reads as Shift_JIS (CP932), as Excel saves Japanese CSV files: "
                    "import it with --encoding cp932, or save it as UTF-8."
                )
        else:
            message = _("the file is not Shift_JIS (CP932) text: byte %(byte)s cannot be read.") % {
                "byte": f"0x{data[error.start]:02x}"
            }
        raise RegistryError([RowError(line, message)]) from None


def read_csv(path: Path, *, encoding: str = "utf-8") -> list[RegistryRow]:
    """Every row of the CSV at ``path``, checked; ``encoding``: "utf-8" (BOM or not) or "cp932"."""
    text = _decode(path.read_bytes(), encoding)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [column for column in CSV_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise RegistryError(
            [RowError(1, _("missing columns: %(columns)s") % {"columns": ", ".join(missing)})]
        )
    return validate_rows((reader.line_num, row) for row in reader)


def read_data_file(path: Path = DATA_FILE) -> list[RegistryRow]:
    """The project's own compact JSON: prefectures, each with its municipalities."""
    document = json.loads(path.read_text(encoding="utf-8"))
    as_of = document["population_as_of"]

    def numbered() -> Iterator[tuple[int, dict[str, str]]]:
        index = 0
        for prefecture in document["prefectures"]:
            index += 1
            yield index, {
                "code": prefecture["code"], "prefecture": prefecture["name"], "name": "", "name_kana": "",
                "kind": "prefecture", "population": str(prefecture["population"]),
                "population_as_of": as_of, "website": prefecture["website"],
            }  # fmt: skip
            for code, name, kana, kind, population, website in prefecture["municipalities"]:
                index += 1
                yield index, {
                    "code": code, "prefecture": prefecture["name"], "name": name, "name_kana": kana,
                    "kind": kind, "population": str(population), "population_as_of": as_of, "website": website,
                }  # fmt: skip

    return validate_rows(numbered())


def domain_from_website(website: str) -> str | None:
    host = urlsplit(website).hostname if website else None
    if not host:
        return None
    host = normalise_domain(host)
    if host.startswith("www."):
        host = host[4:]
    try:
        validate_official_domain(host)
    except ValidationError:
        return None
    return host


_FIELDS = (
    "prefecture_id",
    "name",
    "name_kana",
    "name_en",
    "kind",
    "population",
    "population_as_of",
    "website",
)


@transaction.atomic
def import_registry(
    rows: list[RegistryRow], report: Callable[[str], None] | None = None
) -> ImportResult:
    """Create or update prefectures, municipalities and website-derived domains;
    ``report`` hears of each phase with its counts (a command's progress lines)."""
    result = ImportResult()
    report = report or (lambda message: None)

    prefectures = {prefecture.code: prefecture for prefecture in Prefecture.objects.all()}
    for pref_code in sorted({row.prefecture_code for row in rows}):
        if pref_code not in prefectures:
            prefectures[pref_code] = Prefecture.objects.create(
                code=pref_code,
                name=PREFECTURE_NAMES[pref_code],
                region=region_for_prefecture(pref_code),
            )

    existing = {municipality.code: municipality for municipality in Municipality.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        values = {
            "prefecture_id": prefectures[row.prefecture_code].pk,
            "name": row.name,
            "name_kana": row.name_kana,
            "name_en": municipality_name_en(row.name_kana, row.kind),
            "kind": row.kind,
            "population": row.population,
            "population_as_of": row.population_as_of,
            "website": row.website,
        }
        current = existing.get(row.code)
        if current is None:
            to_create.append(Municipality(code=row.code, **values))
        elif any(getattr(current, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            to_update.append(current)
        else:
            result.unchanged += 1
    report(
        f"{len(rows)} rows compared: {len(to_create)} to create, {len(to_update)} to update, "
        f"{result.unchanged} unchanged"
    )
    for start in range(0, len(to_create), 500):
        Municipality.objects.bulk_create(to_create[start : start + 500])
        report(f"municipalities created: {min(start + 500, len(to_create))}/{len(to_create)}")
    for start in range(0, len(to_update), 500):
        Municipality.objects.bulk_update(to_update[start : start + 500], _FIELDS)
        report(f"municipalities updated: {min(start + 500, len(to_update))}/{len(to_update)}")
    result.created, result.updated = len(to_create), len(to_update)

    ids = dict(
        Municipality.objects.filter(code__in=[row.code for row in rows]).values_list("code", "pk")
    )
    taken = dict(OfficialDomain.objects.values_list("domain", "municipality_id"))
    new_domains = []
    for row in rows:
        domain = domain_from_website(row.website)
        if domain is None:
            continue
        owner = taken.get(domain)
        if owner is None:
            new_domains.append(
                OfficialDomain(
                    municipality_id=ids[row.code],
                    domain=domain,
                    domain_length=len(domain),
                    source=OfficialDomain.Source.WEBSITE,
                )
            )
            taken[domain] = ids[row.code]
        elif owner != ids[row.code]:
            result.skipped_domains.append(domain)
    OfficialDomain.objects.bulk_create(new_domains, batch_size=500)
    result.domains_added = len(new_domains)
    report(f"official domains: {len(new_domains)} added")
    if result.created or result.updated:
        # Populations and names are on every page: retire them all once the import
        # is committed, so the next request shows them.
        retire_everything()
        transaction.on_commit(registry_changed)
    return result


@functools.cache
def attribution() -> dict[str, str]:
    """The data sources' required attribution, in Japanese (``ja``) and English (``en``)."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)["attribution"]
