"""Synonyms: an editable list, applied when a query is read."""

import pytest
from django.core.exceptions import ValidationError

from community.search.index import search
from community.search.models import SynonymGroup

pytestmark = pytest.mark.django_db


def found(query: str) -> set[int]:
    return {hit.object_id for hit in search(query)}


def test_denshi_shinsei_finds_online_shinsei_through_the_seeded_list(document_factory):
    online = document_factory("オンライン申請の受付開始", "")
    procedure = document_factory("", "電子手続きで転入届を受け付けます。")
    document_factory("申請書の書き方", "窓口でお渡しします。")

    assert found("電子申請") == {online.pk, procedure.pk}
    assert found("オンライン手続") == {online.pk, procedure.pk}


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("スマホ", "携帯電話で予約できます。"),
        ("ChatGPT", "生成AIで議事録を要約しました。"),
        ("対話型AI", "ChatGPTの利用指針を定めました。"),
        ("RPA", "ロボティック・プロセス・オートメーションで入力を自動化。"),
        ("研修", "職員向けの勉強会を開きました。"),
        ("ペーパーレス", "会議資料の紙削減に取り組みました。"),
        ("窓口業務", "窓口の混雑を解消しました。"),
        ("申し込む", "参加の申込は今月末まで。"),
    ],
)
def test_the_seeded_groups_join_government_words(document_factory, query, text):
    page = document_factory("", text)

    assert found(query) == {page.pk}


def test_shinsei_and_moushikomi_stay_apart(document_factory):
    # A 申請 (a formal filing) is not a 申し込み (a sign-up); joined, each would flood the other.
    filing = document_factory("", "児童手当の申請を受け付けます。")
    sign_up = document_factory("", "防災講座の申し込みを受け付けます。")

    assert found("申請") == {filing.pk}
    assert found("申込") == {sign_up.pk}


def test_editing_a_group_changes_results_without_reindexing(document_factory):
    page = document_factory("キャッシュレス決済の導入", "窓口で電子マネーが使えます。")
    assert found("スマホ決済") == set()

    group = SynonymGroup.objects.create(terms="スマホ決済, キャッシュレス決済")
    assert found("スマホ決済") == {page.pk}

    group.terms = "スマホ決済\nQRコード決済"
    group.save()
    assert found("スマホ決済") == set()

    group.terms = "スマホ決済、電子マネー"
    group.save()
    assert found("スマホ決済") == {page.pk}

    group.delete()
    assert found("スマホ決済") == set()


def test_a_query_word_expands_to_its_group_and_still_needs_the_other_words(document_factory):
    both = document_factory("", "携帯電話から住民票を請求できます。")
    document_factory("", "携帯電話の貸し出しを始めました。")

    assert found("スマホ 住民票") == {both.pk}


def test_a_group_reads_as_its_terms():
    group = SynonymGroup(terms="スマホ\nスマートフォン, 携帯電話")

    assert str(group) == "スマホ = スマートフォン = 携帯電話"
    assert group.term_list() == ["スマホ", "スマートフォン", "携帯電話"]


@pytest.mark.parametrize(
    ("terms", "problem"),
    [
        ("スマホ", "too_few_terms"),
        ("スマホ\nスマホ", "too_few_terms"),
        ("スマホ\nの", "unsearchable"),
    ],
)
def test_a_group_without_two_searchable_terms_is_rejected(terms, problem):
    with pytest.raises(ValidationError) as error:
        SynonymGroup(terms=terms).full_clean()

    (reason,) = error.value.error_dict["terms"]
    assert reason.code == problem
