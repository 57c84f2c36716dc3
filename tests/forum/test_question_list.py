"""/forum/, board pages and tag pages: filters in the URL, sorting, pagination,
empty states, and a query count that does not grow with the questions."""

import pytest
from django.db.models import F

from community.forum import services
from community.forum.caching import retire_forum_lists
from community.forum.models import Question
from community.municipalities.filters import prefecture_choices

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [question.title for question in response.context["page"].object_list]


@pytest.fixture
def questions(question_factory, shimotsuma_staff, other_town_staff, member, staff_board):
    """下妻市 (茨城県, 42,071 people) asks two, 飯豊町 (山形県, about 6,200) asks one; one is solved."""
    solved = question_factory(
        shimotsuma_staff,
        title="LoGoフォームの添付ファイル上限はいくつですか",
        tags=["LoGoフォーム"],
        answered_by=other_town_staff,
        solved=True,
    )
    open_ = question_factory(
        shimotsuma_staff, title="予算ゼロでRPAを始めるには", tags=["RPA", "予算ゼロ"]
    )
    small = question_factory(
        other_town_staff,
        title="スマートフォンから申請できる窓口予約の仕組み",
        tags=["窓口DX"],
        answered_by=shimotsuma_staff,
    )
    question_factory(shimotsuma_staff, board=staff_board, title="職員限定の相談", tags=["RPA"])
    return {"solved": solved, "open": open_, "small": small}


def test_the_list_shows_visible_questions_newest_first_with_town_and_band(client, questions):
    response = client.get("/forum/")
    assert titles(response) == [
        "スマートフォンから申請できる窓口予約の仕組み",
        "予算ゼロでRPAを始めるには",
        "LoGoフォームの添付ファイル上限はいくつですか",
    ]
    body = response.content.decode()
    assert "山形県 飯豊町" in body and "（5千〜1万）" in body
    assert "茨城県 下妻市" in body and "（3万〜5万）" in body
    assert "解決済み" in body and "回答なし" in body


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "solved"}, {"solved"}),
        ({"status": "unsolved"}, {"open", "small"}),
        ({"status": "unanswered"}, {"open"}),
        ({"population_band": "5k_10k"}, {"small"}),
        ({"population_band": "30k_50k"}, {"solved", "open"}),
        ({"prefecture": "08"}, {"solved", "open"}),
        ({"prefecture": "06", "status": "unsolved"}, {"small"}),
        ({"tag": "rpa"}, {"open"}),
        ({"tag": "ＲＰＡ"}, {"open"}),
        ({"board": "kintone-nocode"}, {"solved", "open", "small"}),
        ({"board": "security"}, set()),
        ({"q": "スマホ申請"}, {"small"}),
        ({"q": "添付ファイル"}, {"solved"}),
        ({"q": "存在しない語句"}, set()),
    ],
)
def test_filters_combine_and_live_in_the_url(client, questions, params, expected):
    response = client.get("/forum/", params)
    assert set(titles(response)) == {questions[key].title for key in expected}


def test_an_unknown_board_in_the_filter_is_an_error_that_keeps_the_query(client, questions):
    response = client.get("/forum/", {"board": "security", "q": "予算"})
    body = response.content.decode()
    assert "「security」は選択肢にありません。" in body  # names what was chosen
    assert 'value="予算"' in body
    assert not response.context["page"].object_list


def test_sorting_by_activity_and_helpfulness(client, questions, member):
    services.toggle_vote(questions["solved"], member=member, helpful=True)
    services.post_answer(questions["open"], author=member, body="UiPath の無償版はどうでしょう")
    assert titles(client.get("/forum/", {"sort": "helpful"}))[0] == questions["solved"].title
    assert titles(client.get("/forum/", {"sort": "active"}))[0] == questions["open"].title


def test_board_and_tag_pages_list_their_questions_and_offer_rss(client, questions):
    response = client.get("/forum/boards/kintone-nocode/")
    assert response.status_code == 200
    assert len(titles(response)) == 3
    body = response.content.decode()
    assert "<h1>" in body and "kintone・ノーコード" in body
    assert 'type="application/rss+xml"' in body and "/forum/feeds/boards/kintone-nocode/" in body

    response = client.get("/forum/tags/rpa/")
    assert titles(response) == ["予算ゼロでRPAを始めるには"]
    assert "/forum/feeds/tags/rpa/" in response.content.decode()


def test_unknown_board_and_tag_are_404(client, db):
    assert client.get("/forum/boards/no-such-board/").status_code == 404
    assert client.get("/forum/tags/no-such-tag/").status_code == 404


def test_empty_states_say_what_to_do(client, db):
    body = client.get("/forum/").content.decode()
    assert "まだ質問はありません" in body
    body = client.get("/forum/", {"q": "存在しない語句"}).content.decode()
    assert "条件に合う質問はありません" in body


def test_visitors_are_invited_to_log_in_and_members_to_ask(client, client_for, member):
    assert "ログインして質問する" in client.get("/forum/").content.decode()
    assert 'href="/forum/ask/"' in client_for(member).get("/forum/").content.decode()


def test_pagination_keeps_the_filters(client, question_factory, shimotsuma_staff):
    for number in range(23):
        question_factory(shimotsuma_staff, title=f"質問 {number}", tags=["kintone"])
    response = client.get("/forum/", {"tag": "kintone", "sort": "newest"})
    assert len(titles(response)) == 20
    assert "tag=kintone&amp;sort=newest&amp;page=2" in response.content.decode()
    assert len(titles(client.get("/forum/", {"tag": "kintone", "page": 2}))) == 3


def test_the_list_query_count_does_not_grow_with_questions(
    session_query,
    full_renders,
    client_for,
    member,
    question_factory,
    shimotsuma_staff,
    other_town_staff,
    django_assert_num_queries,
):
    """Queries for a signed-in member (constant in the number of questions):
    the session, user, the member's permissions (2: user and group permissions, to
    know whether they may see staff-only boards), visible boards (prefectures for
    the filter come from the cache), the page of questions with board, author (and
    badge municipality) and asker's municipality with prefecture, their tags,
    and the unread-notification count in the header. Warm, the member's row,
    permissions and unread count come from the cache. The facet counts, counted
    again after each change to the forum: one aggregate (status, board, population
    band, prefecture, and the count of results), one GROUP BY for the tags."""
    client = client_for(member)
    for number in range(3):
        question_factory(shimotsuma_staff, title=f"少ない {number}", tags=["kintone", "研修"])
    prefecture_choices()  # cached, as after any earlier visit to a list
    client.get("/forum/")
    retire_forum_lists()  # the facets are counted again
    with django_assert_num_queries(5 + session_query) as few:
        client.get("/forum/")
    for number in range(17):
        question_factory(other_town_staff, title=f"多い {number}", tags=[f"タグ{number}", "RPA"])
    Question.objects.update(vote_count=F("vote_count") + 1)
    retire_forum_lists()
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/forum/")
    # Until the forum changes, the counts come from the cache.
    with django_assert_num_queries(len(few.captured_queries) - 2):
        client.get("/forum/")


def test_the_list_counts_questions_per_status_board_tag_prefecture_and_band(client, questions):
    from tests.facets import shown_facets

    facets = shown_facets(client.get("/forum/"))  # anonymous: the public board only
    assert facets["status:solved"] == 1 and facets["status:unanswered"] == 1
    assert facets["prefecture:08"] == 2 and facets["prefecture:06"] == 1
    assert facets["population:30k_50k"] == 2 and facets["population:5k_10k"] == 1
    assert facets["tag:RPA"] == 1  # the staff-only question is not counted
    narrowed = shown_facets(client.get("/forum/", {"tag": "RPA"}))
    assert narrowed["prefecture:08"] == 1 and "prefecture:06" not in narrowed


def test_a_tag_no_visible_question_carries_is_named_not_an_empty_list(client, questions):
    body = client.get("/forum/", {"tag": "職員限定だけのタグ"}).content.decode()
    assert "「職員限定だけのタグ」のタグが付いたものはこの一覧にありません。" in body
    assert titles(client.get("/forum/", {"tag": "予算ゼロ"})) == ["予算ゼロでRPAを始めるには"]
