"""A query compiled once per process runs for each key as the ORM would."""

import pytest

from community.municipalities.models import Municipality
from yokoten.compiled import CompiledQuery

pytestmark = pytest.mark.django_db


def test_each_key_gets_the_rows_the_orm_gives_it():
    def build(key):
        return Municipality.objects.filter(prefecture_id=key).values_list("code").order_by("code")

    query = CompiledQuery(build)
    for prefecture_id in Municipality.objects.values_list("prefecture_id", flat=True)[:3]:
        assert query.rows(prefecture_id) == list(build(prefecture_id))
    assert query.rows(-1) == []


def test_a_query_that_ignores_its_key_is_refused():
    query = CompiledQuery(lambda key: Municipality.objects.values_list("code"))
    with pytest.raises(ValueError, match="does not use its key"):
        query.rows(1)
