"""A keyword with many matches in the forum is answered by the newest questions
(``community.forum.search.RECENT_QUESTIONS``), so what it costs does not grow with
the years of questions behind them. The reader is told, and one link brings the
older questions too; a word that only older questions hold still finds them.

Here the forum keeps to its newest 4 questions when they hold 2 results or more, as
soon as it has more than 4 (the site's own rule waits for three times as many)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

FORUM = reverse("forum:question_list")
SEARCH = reverse("search:results")
OLDEST = "LoGoフォームで住民票の写しの請求を受け付けたい"
NOTE = "一致が多いため、新しい4件の中から表示しています。"


@pytest.fixture
def newest_four(monkeypatch, question_factory, shimotsuma_staff):
    monkeypatch.setattr("community.forum.search.RECENT_QUESTIONS", 4)
    monkeypatch.setattr("community.search.backends.RECENT_ENOUGH", 2)
    monkeypatch.setattr("community.search.backends.RECENT_FROM", 1)
    oldest = question_factory(
        shimotsuma_staff, title=OLDEST, body="住民票の写しの請求をオンラインにしたい。"
    )
    for number in range(1, 6):
        question_factory(
            shimotsuma_staff,
            title=f"LoGoフォームの分岐設定について（{number}）",
            body="LoGoフォームで回答内容により質問を分ける方法を教えてください。",
        )
    return oldest


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_common_word_lists_the_newest_questions_and_says_so(client, newest_four):
    html = page(client, FORUM, q="LoGoフォーム")

    assert "4 件の質問" in html or "4件の質問" in html
    assert "LoGoフォームの分岐設定について（5）" in html
    assert "LoGoフォームの分岐設定について（1）" not in html  # the fifth newest
    assert OLDEST not in html
    assert NOTE in html
    assert 'href="?q=LoGo%E3%83%95%E3%82%A9%E3%83%BC%E3%83%A0&amp;older=1"' in html


def test_the_older_questions_come_on_request_and_the_chip_takes_them_away(client, newest_four):
    html = page(client, FORUM, q="LoGoフォーム", older="1")

    assert OLDEST in html and "LoGoフォームの分岐設定について（1）" in html
    assert NOTE not in html
    assert "古い質問も含める" in html  # the chip that undoes it


def test_a_word_only_older_questions_hold_still_finds_them(client, newest_four):
    html = page(client, FORUM, q="住民票")

    assert OLDEST in html
    assert NOTE not in html


def test_a_filter_narrows_within_the_newest_questions(client, newest_four, shimotsuma):
    # Every question here comes from Shimotsuma: the filter keeps all four newest.
    html = page(client, FORUM, q="LoGoフォーム", prefecture=shimotsuma.prefecture.code)

    assert "LoGoフォームの分岐設定について（5）" in html and OLDEST not in html
    assert NOTE in html


def test_the_site_search_says_so_beside_the_questions_and_links_to_the_rest(client, newest_four):
    response = client.get(SEARCH, {"q": "LoGoフォーム"})
    (questions,) = [group for group in response.context["groups"] if group.slug == "questions"]
    assert questions.count == 4
    html = response.content.decode()
    assert NOTE in html
    assert "type=questions&amp;older=1" in html

    response = client.get(SEARCH, {"q": "LoGoフォーム", "type": "questions", "older": "1"})
    (questions,) = [group for group in response.context["groups"] if group.slug == "questions"]
    assert questions.count == 6
    assert OLDEST in response.content.decode()


def test_with_few_questions_nothing_is_left_out(client, monkeypatch, newest_four):
    monkeypatch.setattr("community.forum.search.RECENT_QUESTIONS", 10)

    html = page(client, FORUM, q="LoGoフォーム")

    assert OLDEST in html and NOTE not in html


def test_the_api_takes_older_too(client, newest_four):
    newest = client.get("/api/v1/questions", {"q": "LoGoフォーム"}).json()
    every = client.get("/api/v1/questions", {"q": "LoGoフォーム", "older": "true"}).json()

    assert newest["count"] == 4
    assert every["count"] == 6


def test_a_sentence_matched_in_part_keeps_to_the_newest_questions_too(
    client, monkeypatch, question_factory, shimotsuma_staff
):
    monkeypatch.setattr("community.forum.search.RECENT_QUESTIONS", 4)
    monkeypatch.setattr("community.search.backends.RECENT_ENOUGH", 2)
    monkeypatch.setattr("community.search.backends.RECENT_FROM", 1)
    question_factory(shimotsuma_staff, title="LoGoフォームの分岐設定で困っています")
    for number in range(1, 5):
        question_factory(shimotsuma_staff, title=f"LoGoフォームの分岐設定について（{number}）")
    # No question has every word: those with most of them, among the newest four.
    sentence = "LoGoフォームの分岐設定の手順を動画で見たい"

    html = page(client, FORUM, q=sentence)
    assert "LoGoフォームの分岐設定について（4）" in html
    assert "困っています" not in html
    assert NOTE in html

    assert "困っています" in page(client, FORUM, q=sentence, older="1")


def test_few_results_among_the_newest_are_joined_by_the_older_ones(
    client, monkeypatch, question_factory, shimotsuma_staff
):
    monkeypatch.setattr("community.forum.search.RECENT_QUESTIONS", 4)
    monkeypatch.setattr("community.search.backends.RECENT_ENOUGH", 2)
    monkeypatch.setattr("community.search.backends.RECENT_FROM", 1)
    older = ["押印廃止の進め方を教えてください", "押印廃止と電子申請の順番について"]
    for title in older:
        question_factory(shimotsuma_staff, title=title, body="規則の改正から始めました。")
    newest = "LoGoフォームで押印廃止後の申請を受けたい"
    question_factory(shimotsuma_staff, title=newest, body="規則の改正は済んでいます。")
    for number in range(1, 4):
        question_factory(shimotsuma_staff, title=f"LoGoフォームの分岐設定について（{number}）")

    response = client.get(FORUM, {"q": "押印廃止"})

    assert response.context["page"].paginator.count == 3
    html = response.content.decode()
    assert all(title in html for title in [*older, newest])
    assert NOTE not in html


def test_a_forum_not_yet_three_times_the_newest_is_searched_whole(client, monkeypatch, newest_four):
    monkeypatch.undo()  # the site's own RECENT_FROM: 6 questions are not 3 × 4
    monkeypatch.setattr("community.forum.search.RECENT_QUESTIONS", 4)
    monkeypatch.setattr("community.search.backends.RECENT_ENOUGH", 2)

    html = page(client, FORUM, q="LoGoフォーム")

    assert OLDEST in html and NOTE not in html
