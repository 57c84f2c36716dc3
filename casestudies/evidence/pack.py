"""An evidence pack (予算要求の根拠資料) for the 財政課: the chosen case studies and
app templates side by side — cost and effect, procurement and funding, adopters of
a size like the reader's town, sources and licence (CC BY 4.0), dates — and a blank
column for the town's own estimate. One ``Pack`` feeds the print page, the PDF and
the xlsx.

A pack is named by a signed, read-only token (its items, the town it is for, the
day it was made), so its URL can be passed to a colleague who is not a member."""

import datetime
from dataclasses import dataclass, field

from django.core import signing
from django.utils import timezone

from casestudies.adoption.models import Adoption
from community.municipalities.bands import population_band_for
from community.municipalities.models import Municipality

SALT = "casestudies.evidence.pack"
MAX_AGE = datetime.timedelta(days=365)
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Cases per comparison table: four columns of figures, the row headers and the town's
# own column fit an A4 landscape page with every figure on one line.
GROUP_SIZE = 4


@dataclass(frozen=True)
class PackRequest:
    """What a token names."""

    page_ids: tuple[int, ...]
    municipality_code: str  # the town the pack is for ("" if none)
    made_on: datetime.date


def make_token(page_ids, municipality_code: str = "", made_on: datetime.date | None = None) -> str:
    made_on = made_on or timezone.localdate()
    payload = {"p": [int(pk) for pk in page_ids], "m": municipality_code, "d": made_on.isoformat()}
    return signing.dumps(payload, salt=SALT, compress=True)


def read_token(token: str) -> PackRequest | None:
    """The pack a token names, or None if it was altered or is over a year old."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        return PackRequest(
            page_ids=tuple(int(pk) for pk in payload["p"]),
            municipality_code=str(payload.get("m", "")),
            made_on=datetime.date.fromisoformat(payload["d"]),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


@dataclass(frozen=True)
class AdopterResult:
    """One figure an adopting town recorded for its own use of a case."""

    municipality: Municipality
    adopted_on: datetime.date
    metric: str
    before: str
    after: str
    unit: str


def _of_band(adoptions: list, band) -> list:
    """The adoptions by towns of ``band`` (none without a band)."""
    if band is None:
        return []
    return [a for a in adoptions if band.contains(a.municipality.population)]


def _results(adoptions: list) -> list[AdopterResult]:
    """Each adopter's recorded before/after figures, newest adoption first."""
    return [
        AdopterResult(
            municipality=adoption.municipality,
            adopted_on=adoption.adopted_on,
            metric=metric.metric,
            before=metric.before,
            after=metric.after,
            unit=metric.unit,
        )
        for adoption in adoptions
        for metric in adoption.outcome_metrics
    ]


@dataclass
class PackItem:
    page: object
    kind: str  # "case" or "template"
    url: str
    similar_adopters: list = field(default_factory=list)  # Adoption rows, newest first
    adopter_results: list = field(default_factory=list)  # AdopterResult, newest first
    metrics: list = field(default_factory=list)
    funding: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)

    @property
    def municipality(self):
        return self.page.municipality

    @property
    def published_on(self):
        return self.page.first_published_at

    @property
    def updated_on(self):
        return self.page.last_published_at


@dataclass(frozen=True)
class CaseGroup:
    """One comparison table: cases ``first`` to ``last`` (counted from 1) of ``total``."""

    items: list
    first: int
    total: int

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1

    @property
    def several(self) -> bool:
        """Whether the pack needs more than this one table."""
        return len(self.items) < self.total


@dataclass
class Pack:
    items: list[PackItem]
    municipality: Municipality | None
    made_on: datetime.date
    band: object = None  # the population band of ``municipality``

    @property
    def cases(self) -> list[PackItem]:
        return [item for item in self.items if item.kind == "case"]

    @property
    def case_groups(self) -> list[CaseGroup]:
        cases = self.cases
        return [
            CaseGroup(items=cases[start : start + GROUP_SIZE], first=start + 1, total=len(cases))
            for start in range(0, len(cases), GROUP_SIZE)
        ]

    @property
    def has_adopter_results(self) -> bool:
        return any(item.adopter_results for item in self.cases)

    @property
    def templates(self) -> list[PackItem]:
        return [item for item in self.items if item.kind == "template"]

    @property
    def licence(self) -> str:
        return LICENCE

    @property
    def licence_url(self) -> str:
        return LICENCE_URL


def build_pack(request: PackRequest, base_url: str) -> Pack:
    """The pack's items in the order chosen (unpublished ones left out): five queries
    for the cases and their metrics, funding and follow-ups, one for the templates,
    one for all their adopters (those of the town's size and the figures each
    recorded come from it), one for the town."""
    from casestudies.apptemplates.models import AppTemplatePage
    from casestudies.cases.models import CaseStudyPage

    ids = list(request.page_ids)
    municipality = (
        Municipality.objects.select_related("prefecture")
        .filter(code=request.municipality_code)
        .first()
        if request.municipality_code
        else None
    )
    cases = {
        case.pk: case
        for case in CaseStudyPage.objects.live()
        .filter(pk__in=ids)
        .select_related("municipality__prefecture")
        .prefetch_related("metrics", "funding", "follow_ups")
    }
    templates = {
        template.pk: template
        for template in AppTemplatePage.objects.live()
        .filter(pk__in=ids)
        .select_related("municipality__prefecture")
    }
    band = population_band_for(municipality.population) if municipality else None
    adopters: dict[int, list] = {}
    for adoption in (
        Adoption.objects.filter(page_id__in=ids)
        .select_related("municipality__prefecture")
        .order_by("-adopted_on", "pk")
    ):
        adopters.setdefault(adoption.page_id, []).append(adoption)
    items = []
    for pk in ids:
        if pk in cases:
            case = cases[pk]
            items.append(
                PackItem(
                    page=case,
                    kind="case",
                    url=base_url + case.url,
                    similar_adopters=_of_band(adopters.get(pk, []), band),
                    adopter_results=_results(adopters.get(pk, [])),
                    metrics=list(case.metrics.all()),
                    funding=list(case.funding.all()),
                    follow_ups=sorted(
                        case.follow_ups.all(), key=lambda n: n.noted_on, reverse=True
                    ),
                )
            )
        elif pk in templates:
            template = templates[pk]
            items.append(
                PackItem(
                    page=template,
                    kind="template",
                    url=base_url + template.url,
                    similar_adopters=_of_band(adopters.get(pk, []), band),
                )
            )
    return Pack(items=items, municipality=municipality, made_on=request.made_on, band=band)
