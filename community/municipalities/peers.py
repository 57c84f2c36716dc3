"""Towns like mine (類似団体): the municipalities closest to one in population and
kind, nearer ones first.

Distance is the gap in population on a log scale (a town of 6,000 is as close to
one of 12,000 as a city of 100,000 is to one of 200,000), plus a little for a
different kind of local government and for being farther away (another
prefecture, another region). Only figures the registry ships are used.
"""

import math

from django.core.cache import cache

from .held import held
from .models import Kind, Municipality

# Kinds that work alike: a village is closer to a town than to a city.
_KIND_GROUPS = (
    {Kind.TOWN, Kind.VILLAGE},
    {Kind.CITY, Kind.SPECIAL_WARD},
    {Kind.CORE_CITY, Kind.DESIGNATED_CITY},
)
SAME_GROUP, OTHER_KIND = 0.25, 0.8
OTHER_PREFECTURE, OTHER_REGION = 0.1, 0.3
# How many towns "towns like X" reaches when it gathers what they published (the
# dashboard's block, the ``similar_to`` filter of every list): the municipality
# page names the nearest few, a list needs enough towns to have something to show.
POOL = 30
# Candidates are first looked for within this factor of the population, then wider.
WINDOWS = (2.0, 5.0, 50.0)


def _kind_gap(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if any(a in group and b in group for group in _KIND_GROUPS):
        return SAME_GROUP
    return OTHER_KIND


def distance(a: Municipality, b: Municipality) -> float:
    gap = abs(math.log(max(a.population, 1)) - math.log(max(b.population, 1)))
    gap += _kind_gap(a.kind, b.kind)
    if a.prefecture_id != b.prefecture_id:
        gap += OTHER_REGION if a.prefecture.region != b.prefecture.region else OTHER_PREFECTURE
    return gap


def peers_of(municipality: Municipality, *, limit: int = 8) -> list[Municipality]:
    """The ``limit`` municipalities most like ``municipality``: from the cache, or
    worked out from the registry this process holds (one query per process and
    registry version) when the registry changed since they were last worked out."""
    if municipality.kind == Kind.PREFECTURE:
        return []
    registry = held()
    key = f"municipalities:peers:{registry.version}:{municipality.pk}:{limit}"
    peers = cache.get(key)
    if peers is None:
        peers = _nearest(municipality, limit, registry.rows)
        cache.set(key, peers, timeout=24 * 60 * 60)
    return peers


def _nearest(municipality: Municipality, limit: int, registry) -> list[Municipality]:
    candidates: list[Municipality] = []
    for factor in WINDOWS:
        low, high = municipality.population / factor, municipality.population * factor
        candidates = [
            other
            for other in registry
            if other.pk != municipality.pk
            and other.kind != Kind.PREFECTURE
            and low <= other.population <= high
        ]
        if len(candidates) >= limit * 3:
            break
    candidates.sort(key=lambda other: (distance(municipality, other), other.code))
    return candidates[:limit]
