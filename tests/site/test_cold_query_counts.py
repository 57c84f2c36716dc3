"""Every page make bench measures renders in at most ten queries with every cache
emptied just before (a restart of Redis, a deploy), for a visitor and for a member
signed in, and as many with many rows as with few.

As make bench's cold rows count them: the page cache off, the cache emptied before
the request, what the process keeps for itself (content types, compiled queries,
whose session a key is) kept from the request before. Signed in, the session, the
member's row, their permissions and their unread count are one query
(community/accounts/sessions.py and backends.py)."""

import datetime

import pytest
from django.core.cache import cache

from casestudies.adoption.services import adopt
from community.forum import services as forum
from community.municipalities.models import Municipality
from tests.conftest import make_member
from tests.visits.conftest import make_offer

pytestmark = pytest.mark.django_db

MOST = 10
IIDE, SHIMOTSUMA = "064033", "082104"  # 飯豊町, 下妻市

PAGES = {
    "home": lambda site: "/",
    "case-study list": lambda site: "/casestudies/",
    "case-study list, 3 filters": lambda site: (
        "/casestudies/?population_max=50000&budget_band=zero&tool=kintone"
    ),
    "case-study detail": lambda site: site["case"].url,
    "case-study search": lambda site: "/casestudies/?q=スマホ+申請",
    "forum list": lambda site: "/forum/",
    "question page": lambda site: site["question"].get_absolute_url(),
    "municipality page": lambda site: f"/municipalities/{SHIMOTSUMA}/",
    "impact": lambda site: "/impact/",
    "impact of a prefecture": lambda site: "/impact/?prefecture=08",
    "API case-study list": lambda site: "/api/v1/casestudies?population_max=50000&budget_max=0",
}


@pytest.fixture
def site(
    case_study_factory, template_factory, question_factory, shimotsuma_staff, other_town_staff
):
    """A case study and a question to open, and ``grow(n)``: n more of everything the
    pages list (case studies with metrics and terms, templates, adoptions, questions,
    answers and comments on the question, votes, visit offers)."""
    voters = [make_member(f"voter{number}@example.com") for number in range(3)]
    question = question_factory(shimotsuma_staff)
    found = {
        "case": case_study_factory(SHIMOTSUMA, tools=["kintone", "LINE"], metrics=2),
        "question": question,
    }

    def grow(number: int) -> None:
        for _ in range(number):
            case = case_study_factory(IIDE, tools=["kintone", "LINE"], metrics=2)
            template = template_factory()
            question_factory(other_town_staff, answered_by=shimotsuma_staff)
            make_offer(shimotsuma_staff)
            for code in (SHIMOTSUMA, "082015"):
                for page in (case, template):
                    adopt(
                        page,
                        Municipality.objects.get(code=code),
                        actor=shimotsuma_staff,
                        adopted_on=datetime.date(2024, 6, 1),
                    )
            answer = forum.post_answer(question, author=other_town_staff, body="当町の例です。")
            forum.post_comment(
                question, author=shimotsuma_staff, body="ありがとうございます", answer=answer
            )
            for voter in voters:
                forum.toggle_vote(answer, member=voter, helpful=True)

    found["grow"] = grow
    return found


def cold_count(client, url: str, django_assert_max_num_queries) -> int:
    cache.clear()
    with django_assert_max_num_queries(MOST) as counted:
        assert client.get(url).status_code == 200
    return len(counted.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_a_page_takes_at_most_ten_queries_on_an_emptied_cache_whatever_the_rows(
    full_renders, client_for, site, member, django_assert_max_num_queries, page
):
    url = PAGES[page](site)
    clients = {"anonymous": client_for(None), "member": client_for(member)}
    site["grow"](1)
    few = {}
    for who, client in clients.items():
        client.get(url)  # what the process keeps for itself: as after any earlier request
        few[who] = cold_count(client, url, django_assert_max_num_queries)
    site["grow"](6)
    many = {
        who: cold_count(client, url, django_assert_max_num_queries)
        for who, client in clients.items()
    }
    assert many == few
