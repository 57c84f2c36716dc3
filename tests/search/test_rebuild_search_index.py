"""The registry and rebuild_search_index: everything public, indexed again."""

from io import StringIO

import pytest
from django.core.management import call_command

from community.municipalities.models import Municipality
from community.search import registry
from community.search.index import index_object, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered_towns(document_factory):
    """Three test towns; the public ones are those of 10,000 people or more."""
    towns = [document_factory(indexed=False) for _ in range(3)]
    Municipality.objects.filter(pk=towns[2].pk).update(population=500)
    registry.register(
        Municipality,
        get_queryset=lambda: Municipality.objects.filter(
            pk__in=[town.pk for town in towns], population__gte=10_000
        ),
        get_title=lambda town: f"{town.name}のDX事例",
        get_body=lambda town: f"{town.name}ではスマートフォンで住民票を申請できます。",
    )
    yield towns
    registry.unregister(Municipality)


def test_rebuild_indexes_what_is_public_and_reports_counts(registered_towns):
    public, also_public, _hidden = registered_towns
    out = StringIO()

    call_command("rebuild_search_index", stdout=out)

    assert "municipalities.Municipality: 2 indexed" in out.getvalue()
    assert "2 objects indexed from" in out.getvalue()  # other registered models add nothing here
    assert {hit.object_id for hit in search("スマホ 住民票")} == {public.pk, also_public.pk}


def test_rebuild_drops_entries_nobody_registered_any_more(registered_towns, document_factory):
    stale = document_factory("スマートフォン窓口", "")
    index_object(registered_towns[2], title="非公開のスマートフォン事例", body="")

    call_command("rebuild_search_index", stdout=StringIO())

    found = {hit.object_id for hit in search("スマホ")}
    assert stale.pk not in found
    assert registered_towns[2].pk not in found
    assert len(found) == 2


def test_sync_object_indexes_public_objects_and_removes_hidden_ones(registered_towns):
    public, _, hidden = registered_towns

    assert registry.sync_object(public) is True
    assert registry.sync_object(hidden) is False
    assert [hit.object_id for hit in search("DX事例")] == [public.pk]

    Municipality.objects.filter(pk=public.pk).update(population=10)
    assert registry.sync_object(public) is False
    assert search("DX事例") == []


def test_sync_object_refuses_an_unregistered_model(document_factory):
    with pytest.raises(LookupError):
        registry.sync_object(document_factory())


def test_rebuild_reports_each_batch_as_it_goes_and_is_quiet_under_v0(registered_towns, monkeypatch):
    monkeypatch.setattr(registry, "BULK_BATCH", 1)
    out = StringIO()
    call_command("rebuild_search_index", stdout=out, verbosity=1)
    lines = out.getvalue().splitlines()
    batches = [line for line in lines if "municipalities.Municipality: " in line]
    assert [line.split("] ", 1)[1] for line in batches] == [
        "municipalities.Municipality: 1 indexed …",
        "municipalities.Municipality: 2 indexed …",
        "municipalities.Municipality: 2 indexed",
    ]
    assert all(line.startswith("[") and " s] " in line for line in lines)  # elapsed time

    quiet = StringIO()
    call_command("rebuild_search_index", stdout=quiet, verbosity=0)
    assert quiet.getvalue() == ""
    assert {hit.object_id for hit in search("スマホ 住民票")}  # and it still indexed
