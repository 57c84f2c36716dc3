"""registry.deferred(): inside the block each synced object is noted, and synced
once when the block ends, in its last state; outside it, nothing changes."""

import pytest

from community.municipalities.models import Municipality
from community.search import registry
from community.search.index import search
from community.search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(document_factory):
    """Two registered towns whose body reads are counted."""
    towns = [document_factory(indexed=False) for _ in range(2)]
    reads = []

    def body(town):
        reads.append(town.pk)
        return f"{town.name}ではスマートフォンで住民票を申請できます。"

    registry.register(
        Municipality,
        get_queryset=lambda: Municipality.objects.filter(pk__in=[town.pk for town in towns]),
        get_title=lambda town: town.name,
        get_body=body,
    )
    yield towns, reads
    registry.unregister(Municipality)


def test_each_object_is_synced_once_when_the_block_ends_in_its_last_state(towns):
    (first, second), reads = towns

    with registry.deferred():
        for name in ("一回目町", "二回目町", "三回目町"):
            first.name = name
            assert registry.sync_object(first) is None
        registry.sync_object(second)
        assert reads == []
        assert not search("住民票")

    assert sorted(reads) == sorted([first.pk, second.pk])
    assert SearchEntry.objects.get(object_id=first.pk).title == "三回目町"
    assert {hit.object_id for hit in search("スマホ 住民票")} == {first.pk, second.pk}


def test_a_nested_block_joins_the_outer_one(towns):
    (first, _second), reads = towns

    with registry.deferred():
        with registry.deferred():
            registry.sync_object(first)
        assert reads == []
        registry.sync_object(first)

    assert reads == [first.pk]


def test_nothing_is_synced_when_the_block_raises(towns):
    (first, _second), reads = towns

    with pytest.raises(RuntimeError), registry.deferred():
        registry.sync_object(first)
        raise RuntimeError

    assert reads == []
    assert not SearchEntry.objects.filter(object_id=first.pk).exists()
    # Outside a block, a sync happens at once, as before.
    assert registry.sync_object(first) is True
    assert reads == [first.pk]
