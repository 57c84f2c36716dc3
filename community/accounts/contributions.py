"""What members published, counted for the people finder without this wing
knowing the types. Each kind of contribution registers, in its AppConfig.ready(),
one query that counts it for many members at once::

    register_contribution(
        "accepted_answers",
        label=_("accepted answers"),
        count=lambda member_ids: dict(... .values_list("author_id").annotate(n=Count("pk"))),
        order=30,
    )

A page of the finder asks each kind once for the members on it (one query per
kind, however many members), so the page's queries do not grow with its rows.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Contribution:
    key: str
    label: str
    count: Callable[[list[int]], dict[int, int]]
    order: int = 50


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    count: int


_KINDS: dict[str, Contribution] = {}


def register_contribution(key: str, *, label, count, order: int = 50) -> None:
    """``count(member_ids)`` returns {member_id: number} (members without any may be absent)."""
    _KINDS[key] = Contribution(key, label, count, order)


def registered() -> list[Contribution]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def tallies_of(member_ids: Iterable[int]) -> dict[int, list[Tally]]:
    """{member_id: [Tally, …]} of the kinds each member has at least one of, in the
    registered order: one query per registered kind."""
    ids = sorted(set(member_ids))
    result: dict[int, list[Tally]] = {pk: [] for pk in ids}
    if not ids:
        return result
    for kind in registered():
        counts = kind.count(ids)
        for pk in ids:
            if counts.get(pk):
                result[pk].append(Tally(kind.key, str(kind.label), counts[pk]))
    return result
