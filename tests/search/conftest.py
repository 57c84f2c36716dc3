"""Fixtures for the search engine: indexed stand-ins for the content types to come.

Until case studies exist, a test indexes municipalities (a real model with
integer keys) under whatever title and body it needs.
"""

import datetime
import itertools

import pytest
from django.core.cache import cache

from community.municipalities.codes import check_digit
from community.municipalities.models import Municipality, Prefecture
from community.search.index import index_object


@pytest.fixture(autouse=True)
def fresh_synonym_cache():
    # The database rolls back after each test; a cached synonym map would not.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def document_factory(db):
    """``document_factory(title=..., body=...)``: a saved object, indexed with that text."""
    prefecture, _ = Prefecture.objects.get_or_create(
        code="08", defaults={"name": "茨城県", "region": "kanto"}
    )
    serials = itertools.count(900)  # 08900–08999: no real municipality has these codes.

    def make(title: str = "", body: str = "", *, indexed: bool = True) -> Municipality:
        first_five = f"08{next(serials):03d}"
        code = f"{first_five}{check_digit(first_five)}"
        municipality, _ = Municipality.objects.get_or_create(
            code=code,
            defaults={
                "prefecture": prefecture,
                "name": f"検索町{code}",
                "name_kana": "けんさくまち",
                "kind": "town",
                "population": 10_000,
                "population_as_of": datetime.date(2025, 1, 1),
            },
        )
        if indexed:
            index_object(municipality, title=title, body=body)
        return municipality

    return make


# The site-wide search finds every kind: the other apps' factories.
from tests.cases.conftest import case_study_factory, index_page  # noqa: E402, F401
from tests.forum.conftest import public_board, question_factory, staff_board  # noqa: E402, F401
from tests.visits.conftest import offer_factory  # noqa: E402, F401
