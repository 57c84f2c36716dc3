"""A question cites published pages by address; cards show live pages only, and
an item page can list the questions that cite it."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import Page

from community.forum.models import Citation, Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db):
    return Page.objects.live().filter(depth=2).first().specific


@pytest.fixture
def child(home):
    page = Page(title="下妻市のkintone研修カリキュラム", slug="shimotsuma-kintone-curriculum")
    page.search_description = "51回の研修で531人が受講したカリキュラムです。"
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_asking_with_a_pages_address_shows_it_as_a_card(client_for, member, public_board, child):
    client = client_for(member)
    client.post(
        "/forum/ask/",
        {
            "board": public_board.pk,
            "title": "このカリキュラムを小さな町で使うには",
            "body": "参考にしたいです。",
            "cites": f"http://testserver{child.url}\n/en{child.url}",
        },
    )
    question = Question.objects.get()
    assert list(question.citations.values_list("page_id", flat=True)) == [child.pk]
    body = client.get(question.get_absolute_url()).content.decode()
    assert "下妻市のkintone研修カリキュラム" in body and "531人が受講" in body


def test_an_unknown_address_is_an_error_that_keeps_the_text(client_for, member, public_board):
    response = client_for(member).post(
        "/forum/ask/",
        {"board": public_board.pk, "title": "題", "body": "本文", "cites": "/no-such-page/"},
    )
    body = response.content.decode()
    assert "/no-such-page/" in body and "公開中のページがありません" in body
    assert not Question.objects.exists()


def test_unpublished_pages_are_not_shown(client, question_factory, shimotsuma_staff, child):
    question = question_factory(shimotsuma_staff)
    Citation.objects.create(question=question, page=child)
    assert (
        "下妻市のkintone研修カリキュラム"
        in client.get(question.get_absolute_url()).content.decode()
    )
    child.unpublish()
    assert (
        "下妻市のkintone研修カリキュラム"
        not in client.get(question.get_absolute_url()).content.decode()
    )


def test_the_item_page_tag_lists_citing_questions_in_one_query(
    question_factory, shimotsuma_staff, home, django_assert_num_queries
):
    for number in range(5):
        question = question_factory(shimotsuma_staff, title=f"トップページを参照 {number}")
        Citation.objects.create(question=question, page=home)
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    template = Template("{% load forum %}{% questions_citing page %}")
    with django_assert_num_queries(1):
        html = template.render(Context({"request": request, "page": home}))
    assert html.count("トップページを参照") == 5
    assert "この内容についての質問" in html
