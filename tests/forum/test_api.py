"""/api/v1/questions: public questions only, the same filters as /forum/."""

import pytest

from community.forum import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(question_factory, shimotsuma_staff, other_town_staff, member, staff_board):
    solved = question_factory(
        other_town_staff,
        title="LGWAN接続系からクラウドを使うには",
        tags=["LGWAN", "クラウド"],
        answered_by=shimotsuma_staff,
        solved=True,
    )
    open_ = question_factory(shimotsuma_staff, title="研修の出欠管理", tags=["研修"])
    question_factory(shimotsuma_staff, board=staff_board, title="職員限定の話")
    return solved, open_


def test_items_carry_the_agreed_fields(client, published):
    solved, _open = published
    data = client.get("/api/v1/questions", {"status": "solved"}).json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item == {
        "id": solved.pk,
        "title": "LGWAN接続系からクラウドを使うには",
        "url": f"/forum/questions/{solved.pk}/",
        "board": {"slug": "kintone-nocode", "name": "kintone・ノーコード"},
        "tags": ["LGWAN", "クラウド"],
        "solved": True,
        "answer_count": 1,
        "vote_count": 0,
        "created_at": item["created_at"],
        "last_activity_at": item["last_activity_at"],
        "asker_municipality": {
            "code": "064033",
            "name": "飯豊町",
            "prefecture": "山形県",
            "population": 6203,
            "population_band": "5k_10k",
        },
    }


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({}, {"LGWAN接続系からクラウドを使うには", "研修の出欠管理"}),
        ({"status": "unsolved"}, {"研修の出欠管理"}),
        ({"population_band": "30k_50k"}, {"研修の出欠管理"}),
        ({"prefecture": "06"}, {"LGWAN接続系からクラウドを使うには"}),
        ({"tag": "研修"}, {"研修の出欠管理"}),
        ({"q": "クラウド"}, {"LGWAN接続系からクラウドを使うには"}),
        ({"q": "職員限定"}, set()),
    ],
)
def test_filters_agree_with_the_site(client, published, params, titles):
    data = client.get("/api/v1/questions", params).json()
    assert {item["title"] for item in data["items"]} == titles


def test_invalid_filters_are_a_422_that_says_why(client, db):
    response = client.get("/api/v1/questions", {"population_band": "huge"})
    assert response.status_code == 422
    assert "population_band" in response.json()["detail"]


def test_a_staff_only_board_is_no_choice_for_the_open_api(client, published):
    response = client.get("/api/v1/questions", {"board": "security"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "type": "invalid_choice",
            "loc": ["query", "board"],
            "msg": "“security” is not one of the choices.",
        }
    ]


def test_the_detail_includes_visible_answers_accepted_first(client, published, member, moderator):
    solved, _open = published
    extra = services.post_answer(solved, author=member, body="会員の補足")
    hidden = services.post_answer(solved, author=member, body="非表示の回答")
    services.hide_post(hidden, actor=moderator, reason="重複")
    services.toggle_vote(extra, member=moderator, helpful=True)
    data = client.get(f"/api/v1/questions/{solved.pk}").json()
    assert "<p>" in data["body_html"]
    assert [answer["accepted"] for answer in data["answers"]] == [True, False]
    assert data["answers"][1]["author"] == "山口 陽菜"
    assert data["answers"][0]["author_verified_staff"] is True
    assert all("非表示" not in answer["body_html"] for answer in data["answers"])


def test_staff_only_and_hidden_questions_are_absent_even_for_signed_in_staff(
    client_for, published, shimotsuma_staff, staff_board
):
    secret = staff_board.questions.get()
    client = client_for(shimotsuma_staff)
    assert client.get(f"/api/v1/questions/{secret.pk}").status_code == 404
    assert secret.pk not in [item["id"] for item in client.get("/api/v1/questions").json()["items"]]


def test_the_list_query_count_does_not_grow(
    client, question_factory, shimotsuma_staff, django_assert_num_queries
):
    question_factory(shimotsuma_staff, tags=["a", "b"])
    # Count, page with relations, tags (the board choices are read only when a board is
    # asked for).
    with django_assert_num_queries(3) as few:
        client.get("/api/v1/questions")
    for number in range(15):
        question_factory(shimotsuma_staff, tags=[f"t{number}", "b"])
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/api/v1/questions")
