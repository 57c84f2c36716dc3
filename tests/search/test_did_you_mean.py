"""もしかして: a misspelt query that finds nothing is offered the query spelt as the
index's own words are, when that finds something."""

import pytest
from django.urls import reverse

from community.search.suggest import did_you_mean

pytestmark = pytest.mark.django_db

URL = reverse("search:results")


def test_a_misspelt_tool_is_offered_as_the_index_spells_it(client, case_study_factory):
    case_study_factory(title="ロゴフォームで粗大ごみの申込", tools=("LoGoフォーム",), tags=())

    response = client.get(URL, {"q": "ロゴフォム"})

    assert response.context["total"] == 0
    assert response.context["suggestion"] == "ロゴフォーム"
    page = response.content.decode()
    assert "もしかして" in page and "?q=%E3%83%AD%E3%82%B4" in page
    assert client.get(URL, {"q": "ロゴフォーム"}).context["total"] >= 1


def test_only_close_words_are_suggested_and_known_words_are_left_alone(case_study_factory):
    case_study_factory(title="kintone で健診予約", tags=())

    assert did_you_mean("kintne 健診") == "kintone 健診"
    assert did_you_mean("kintone") == ""
    assert did_you_mean("ブロックチェーン") == ""


def test_no_suggestion_when_the_corrected_query_finds_nothing_either(client, db):
    response = client.get(URL, {"q": "ブロックチェーン"})
    assert response.context["total"] == 0
    assert not response.context["suggestion"]
    assert "もしかして" not in response.content.decode()


def test_a_word_of_a_new_synonym_group_is_suggested_at_once(case_study_factory):
    from community.search.models import SynonymGroup

    case_study_factory(title="kintone で健診予約", tags=())
    assert did_you_mean("サテライトオフィズ") == ""  # the vocabulary is now cached

    SynonymGroup.objects.create(terms="サテライトオフィス\n分散オフィス")

    assert did_you_mean("サテライトオフィズ") == "サテライトオフィス"


def test_words_of_titles_indexed_or_edited_later_are_suggested(document_factory):
    from community.search.index import index_object

    town = document_factory("kintone で健診予約", "")
    assert did_you_mean("ハッカソソ") == ""  # the vocabulary is now read

    index_object(town, title="ハッカソンで地域の課題を解く", body="")  # its title edited
    assert did_you_mean("ハッカソソ") == "ハッカソン"

    document_factory("ワークショップの進め方", "")  # a new entry
    assert did_you_mean("ワークショッピ") == "ワークショップ"
