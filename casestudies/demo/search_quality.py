"""The search quality benchmark: the judged queries in ``content/search_judgements.json``
run through the site-wide search exactly as the search page runs them (what the
query says is understood first: a fiscal year, a zero budget, a population or a
prefecture become filters), as an anonymous reader (or, for the staff-only
boards, as the demo's verified staff of 下妻市), over the demo content.

For each query: the results of its kind (case studies by slug, forum questions
by title), which of them were judged relevant, and

- recall: the share of the relevant items found on the first page of results;
- precision@5: the share of relevant items among the first five results (or
  among all of them, when fewer than five came back);
- zero results: a query with relevant items that found nothing.

``.ci/search_quality.py`` (``make search-quality``) loads the demo into a scratch
database and writes docs/benchmarks/search-quality.{md,json};
tests/search/test_search_quality.py holds the floors.
"""

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

JUDGEMENTS = Path(__file__).parent / "content" / "search_judgements.json"
# The first page of the search page's results of one kind.
FIRST_PAGE = 20
TOP = 5
# What the benchmark must keep (the "Done when").
RECALL_FLOOR = 0.9
PRECISION_FLOOR = 0.9
ZERO_RESULT_SHARE_CEILING = 0.02


@dataclass(frozen=True)
class Judgement:
    query: str
    category: str
    relevant: tuple[str, ...]
    kind: str = "cases"
    # "staff": searched as the demo's verified staff of 下妻市 (staff-only boards).
    reader: str = "anonymous"
    note: str = ""


@dataclass
class Outcome:
    query: str
    category: str
    kind: str
    relevant: list[str]
    found: list[str]  # the first page, best first
    understood: list[str] = field(default_factory=list)

    @property
    def relevant_found(self) -> list[str]:
        return [key for key in self.found if key in self.relevant]

    @property
    def recall(self) -> float:
        return len(set(self.relevant_found)) / len(self.relevant) if self.relevant else 1.0

    @property
    def precision_at_5(self) -> float | None:
        top = self.found[:TOP]
        if not top:
            return None
        return sum(1 for key in top if key in self.relevant) / len(top)

    @property
    def zero(self) -> bool:
        return bool(self.relevant) and not self.found

    def as_dict(self) -> dict:
        return {
            **asdict(self),
            "recall": round(self.recall, 3),
            "precision_at_5": None
            if self.precision_at_5 is None
            else round(self.precision_at_5, 3),
            "missed": [key for key in self.relevant if key not in self.found],
            "not_relevant_in_top_5": [key for key in self.found[:TOP] if key not in self.relevant],
        }


def load_judgements(path: Path = JUDGEMENTS) -> list[Judgement]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Judgement(
            query=row["q"],
            category=row["class"],
            relevant=tuple(row["relevant"]),
            kind=row.get("kind", "cases"),
            reader=row.get("reader", "anonymous"),
            note=row.get("note", ""),
        )
        for row in data["queries"]
    ]


def _key(kind: str, obj) -> str:
    return getattr(obj, "slug", None) if kind == "cases" else obj.title


def run_query(judgement: Judgement, request) -> Outcome:
    """``judgement``'s query through the site-wide search, as the search page runs it."""
    from community.search.site import clean_query, kind_for, search_kind, understand

    query = clean_query(judgement.query)
    understood = understand(query)
    results = search_kind(request, kind_for(judgement.kind), query, None, understood or None)
    found = [_key(judgement.kind, obj) for obj in results.queryset[:FIRST_PAGE]]
    return Outcome(
        query=judgement.query,
        category=judgement.category,
        kind=judgement.kind,
        relevant=list(judgement.relevant),
        found=found,
        understood=[phrase["typed"] for phrase in understood.phrases] if understood else [],
    )


def reader_request(reader: str = "anonymous"):
    """A request of the search page by an anonymous reader, or by the demo's
    verified staff of 下妻市 (``"staff"``)."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from casestudies.demo.accounts import SHIMOTSUMA_STAFF
    from community.accounts.models import User

    request = RequestFactory().get("/search/")
    if reader == "staff":
        request.user = User.objects.get(email=SHIMOTSUMA_STAFF.email)
    else:
        request.user = AnonymousUser()
    return request


def _summary(outcomes: list[Outcome]) -> dict:
    judged = [o for o in outcomes if o.relevant]
    precisions = [o.precision_at_5 for o in judged if o.precision_at_5 is not None]
    zero = [o.query for o in judged if o.zero]
    return {
        "queries": len(outcomes),
        "recall": round(sum(o.recall for o in judged) / len(judged), 3) if judged else 1.0,
        "precision_at_5": round(sum(precisions) / len(precisions), 3) if precisions else 1.0,
        "zero_results": len(zero),
        "zero_result_share": round(len(zero) / len(judged), 3) if judged else 0.0,
        "zero_result_queries": zero,
    }


def evaluate(judgements: list[Judgement] | None = None) -> dict:
    """Every judged query run; the summary overall and per class, and each outcome."""
    judgements = load_judgements() if judgements is None else judgements
    requests = {reader: reader_request(reader) for reader in {j.reader for j in judgements}}
    outcomes = [run_query(judgement, requests[judgement.reader]) for judgement in judgements]
    by_class = defaultdict(list)
    for outcome in outcomes:
        by_class[outcome.category].append(outcome)
    return {
        "overall": _summary(outcomes),
        "classes": {name: _summary(rows) for name, rows in by_class.items()},
        "floors": {
            "recall": RECALL_FLOOR,
            "precision_at_5": PRECISION_FLOOR,
            "zero_result_share": ZERO_RESULT_SHARE_CEILING,
        },
        "outcomes": [outcome.as_dict() for outcome in outcomes],
    }


def time_site_search(judgements: list[Judgement] | None = None, *, repeats: int = 3) -> dict:
    """Milliseconds of the site-wide search for each judged query, all kinds at once
    as the search page runs it (every kind's count and first few results), in the
    process, without HTTP or the page cache; the best of ``repeats`` per query."""
    import statistics
    import time

    from community.search.site import PREVIEW_ITEMS, clean_query, search_everything, understand

    judgements = load_judgements() if judgements is None else judgements
    request = reader_request()
    timings = []
    for judgement in judgements:
        query = clean_query(judgement.query)
        best = None
        for _ in range(repeats):
            started = time.perf_counter()
            groups = search_everything(request, query, understood=understand(query) or None)
            for group in groups:
                list(group.queryset[:PREVIEW_ITEMS])
            elapsed = (time.perf_counter() - started) * 1000
            best = elapsed if best is None else min(best, elapsed)
        timings.append(best)
    timings.sort()
    return {
        "queries": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, round(0.95 * len(timings)) - 1)], 1),
        "max_ms": round(timings[-1], 1),
    }


def below_floors(report: dict) -> list[str]:
    """What the report misses of the floors, in words (empty: all held)."""
    overall, problems = report["overall"], []
    if overall["recall"] < RECALL_FLOOR:
        problems.append(f"recall {overall['recall']} < {RECALL_FLOOR}")
    if overall["precision_at_5"] < PRECISION_FLOOR:
        problems.append(f"precision@5 {overall['precision_at_5']} < {PRECISION_FLOOR}")
    if overall["zero_result_share"] > ZERO_RESULT_SHARE_CEILING:
        problems.append(
            f"{overall['zero_results']} queries with relevant items found nothing: "
            + ", ".join(overall["zero_result_queries"])
        )
    return problems


def markdown(report: dict, *, heading_note: str = "") -> str:
    overall = report["overall"]
    lines = [
        "# Search quality",
        "",
        "Judged queries (`casestudies/demo/content/search_judgements.json`) run through the "
        "site-wide search as an anonymous reader over the demo content, by "
        "`make search-quality` (`.ci/search_quality.py`). Recall: share of the relevant "
        f"items on the first page ({FIRST_PAGE} results); P@5: share of relevant items among "
        "the first five results (or all, when fewer came back); zero: queries with relevant "
        "items that found nothing.",
        "",
    ]
    if heading_note:
        lines += [heading_note, ""]
    floors = report["floors"]
    lines += [
        f"**Overall: {overall['queries']} queries, recall {overall['recall']:.3f}, "
        f"P@5 {overall['precision_at_5']:.3f}, zero-result {overall['zero_results']}** "
        f"(floors: recall ≥ {floors['recall']}, P@5 ≥ {floors['precision_at_5']}, "
        f"zero-result ≤ {floors['zero_result_share']:.0%}).",
        "",
        "| class | queries | recall | P@5 | zero-result |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, summary in report["classes"].items():
        lines.append(
            f"| {name} | {summary['queries']} | {summary['recall']:.3f} | "
            f"{summary['precision_at_5']:.3f} | {summary['zero_results']} |"
        )
    if report.get("speed"):
        speed = report["speed"]
        lines += [
            "",
            "Site-wide search over the demo content (every kind's count and first results, "
            f"in the process, no page cache, best of 3): p50 {speed['p50_ms']} ms, "
            f"p95 {speed['p95_ms']} ms, max {speed['max_ms']} ms over {speed['queries']} queries.",
        ]
    lines += [
        "",
        "## Queries below 1.0",
        "",
        "| query | class | recall | P@5 | missed | wrong in top 5 |",
    ]
    lines.append("| --- | --- | ---: | ---: | --- | --- |")
    for row in report["outcomes"]:
        precision = row["precision_at_5"]
        if row["recall"] < 1 or (precision is not None and precision < 1):
            lines.append(
                f"| {row['query']} | {row['category']} | {row['recall']:.2f} | "
                f"{'–' if precision is None else f'{precision:.2f}'} | "
                f"{', '.join(row['missed']) or '–'} | "
                f"{', '.join(row['not_relevant_in_top_5']) or '–'} |"
            )
    return "\n".join(lines) + "\n"
