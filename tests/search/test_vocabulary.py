"""The vocabulary the engine ships with: tool spellings from the taxonomy and the
government and DX synonym groups (editable in the admin). Each query below found
nothing before."""

import pytest

from community.search.index import search
from community.search.models import SynonymGroup
from community.search.synonyms import analyse_phrase, split_terms
from community.search.vocabulary import shipped_groups
from community.taxonomy.models import Tool

pytestmark = pytest.mark.django_db


def found(query) -> list[int]:
    return [hit.object_id for hit in search(query)]


def test_over_two_hundred_groups_ship_and_every_entry_is_searchable():
    groups = shipped_groups()
    assert len(groups) >= 200
    for group in groups:
        phrases = {analyse_phrase(entry) for entry in split_terms(group)}
        assert len(phrases) >= 2 and () not in phrases, group
    assert SynonymGroup.objects.filter(terms__in=groups).count() == len(set(groups))


@pytest.mark.parametrize("query", ["キントーン", "ｷﾝﾄｰﾝ", "kinton", "KINTONE"])
def test_a_tool_is_found_however_it_is_spelt(document_factory, query):
    page = document_factory("kintoneで受付管理", "kintoneアプリで申請を管理")
    assert found(query) == [page.pk]


def test_ai_ocr_and_logo_form_spellings(document_factory):
    ocr = document_factory("AI-OCRで入力削減", "手書き申請書をAI-OCRで読み取り")
    form = document_factory("LoGoフォームで電子申請", "LoGoフォームで申請を受付")
    assert found("AIOCR") == [ocr.pk]
    assert found("ロゴフォーム") == [form.pk]


def test_a_tool_added_in_the_admin_is_found_by_its_english_name(document_factory):
    page = document_factory("ノーコード帳票ツール導入", "帳票ツールを導入")
    assert found("formtool") == []
    Tool.objects.create(name="帳票ツール", slug="formtool", name_en="Form tool")
    assert found("formtool") == [page.pk]


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("デジタルトランスフォーメーション", "DX推進計画を策定"),
        ("脱ハンコ", "押印廃止を全庁で進めた"),
        ("予算ゼロ", "0円で始めた業務改善"),
        ("在宅勤務", "テレワークの環境を整備"),
        ("ChatGPT", "生成AIの利用ガイドライン"),
        ("おくやみ窓口", "死亡手続きをまとめて案内"),
    ],
)
def test_a_government_word_finds_its_other_ways_of_saying_it(document_factory, query, text):
    page = document_factory("", text)
    assert found(query) == [page.pk]


def test_moderators_extend_the_vocabulary_in_the_admin(document_factory):
    page = document_factory("", "公用車の予約をアプリで")
    assert found("社用車") == []
    SynonymGroup.objects.create(terms="公用車, 社用車, 庁用車")
    assert found("社用車") == [page.pk]
