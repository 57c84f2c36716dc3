"""Shared pieces of the ``seed_demo`` steps (each domain's ``seed.py``).

Every step decides what to create first (a plan, from the step's random
generator), then writes it one of two ways that produce the same rows:

- ``through_services=True``: one object at a time through the services the
  site uses. It is the reference, and slow (about an hour at ``--scale 1``).
- the default, in bulk: the same rows built in memory with the services' own
  building blocks and written with ``bulk_create``, a batch per transaction.
  ``tests/home`` checks, step by step, that both ways write identical rows.

Bulk writes send no ``post_save`` signals: ``seed_demo`` retires the page cache
and the cached lists once at the end instead.
"""

from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice

from casestudies.search.analysis import index_terms

BATCH = 250


def batched(items: Iterable, size: int = BATCH) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def memoised_index_terms():
    """``index_terms`` that analyses each distinct text once (seeded texts repeat)."""
    return cache(index_terms)
