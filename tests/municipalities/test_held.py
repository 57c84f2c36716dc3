"""The registry each process holds (held.py): a prefecture filter reads the ids of
the prefecture's municipalities from it, so it must know a municipality as soon as
one is added, and read the registry only once per version."""

import datetime

import pytest
from django.db import connection

from community.forum.caching import retire_forum_lists
from community.forum.models import Question
from community.municipalities.held import ids_in_prefecture
from community.municipalities.models import Kind, Municipality, Prefecture

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [question.title for question in response.context["page"].object_list]


def test_a_prefectures_ids_are_its_own_row_and_its_municipalities_read_once(
    django_assert_num_queries,
):
    ibaraki = ids_in_prefecture("08")
    codes = set(Municipality.objects.filter(pk__in=ibaraki).values_list("code", flat=True))
    assert {"080004", "082104"} <= codes  # 茨城県 itself (its staff's questions) and 下妻市
    assert len(codes) == Municipality.objects.filter(prefecture__code="08").count() == 45
    with django_assert_num_queries(0):
        assert ids_in_prefecture("08") == ibaraki
        assert ids_in_prefecture("99") == []


def test_a_municipality_added_to_the_registry_is_found_by_its_prefecture_at_once(
    client, question_factory, shimotsuma_staff
):
    """A new town (a 分村, or a row an admin adds) is in the prefecture filter on the
    next request, though the process held the registry from before."""
    question = question_factory(shimotsuma_staff, title="新しい町のkintone導入について")
    assert titles(client.get("/forum/", {"prefecture": "08"})) == [question.title]
    town = Municipality.objects.create(
        code="089990",
        prefecture=Prefecture.objects.get(code="08"),
        name="みらい町",
        name_kana="みらいまち",
        kind=Kind.TOWN,
        population=3200,
        population_as_of=datetime.date(2026, 1, 1),
    )
    Question.objects.filter(pk=question.pk).update(municipality=town)
    retire_forum_lists()
    assert titles(client.get("/forum/", {"prefecture": "08"})) == [question.title]
    assert titles(client.get("/forum/", {"prefecture": "06"})) == []


def test_a_population_corrected_by_hand_shows_on_the_next_read(client):
    """An admin's correction of one row retires the pages that show it."""
    assert "42,071" in client.get("/municipalities/082104/").content.decode()
    shimotsuma = Municipality.objects.get(code="082104")
    shimotsuma.population = 41_500
    shimotsuma.save()
    page = client.get("/municipalities/082104/").content.decode()
    assert "41,500" in page
    assert "42,071" not in page


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's planner keeps no per-column target"
)
@pytest.mark.parametrize("table", ["forum_question", "cases_casestudypage"])
def test_postgresql_keeps_a_figure_for_every_municipality(table):
    """Without it, the planner guesses the same share of questions for 茨城県's towns
    as for 北海道's, and reads every question to find a prefecture's few."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute"
            " WHERE attrelid = %s::regclass AND attname = 'municipality_id'",
            [table],
        )
        (target,) = cursor.fetchone()
    assert target >= Municipality.objects.count()
