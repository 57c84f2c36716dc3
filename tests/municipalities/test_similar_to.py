"""``similar_to=<municipality>`` on every list: only what the towns most like it
(類似団体, the dashboard's peers) published or asked, a chip that names the town and
drops the filter, a message naming a value that is no municipality (422 in the API);
the municipality typed by code, name, kana or romaji, with suggestions as JSON."""

import html as htmllib
import re

import pytest

from community.forum.models import Question
from community.municipalities.models import Municipality
from community.municipalities.peers import POOL, peers_of

pytestmark = pytest.mark.django_db

SHIMOTSUMA, IIDE = "082104", "064033"  # a city of 42,000; a town of 6,200 (not alike)


def peer_code() -> str:
    shimotsuma = Municipality.objects.select_related("prefecture").get(code=SHIMOTSUMA)
    return peers_of(shimotsuma, limit=POOL)[0].code


def shown(response) -> str:
    return htmllib.unescape(re.sub(r"\s+", " ", response.content.decode()))


@pytest.fixture
def one_of_each(case_study_factory, template_factory, curriculum_factory, question_factory):
    """From a town like 下妻市, from 下妻市 itself and from 飯豊町, one of each kind."""

    def make(code, name):
        case_study_factory(code, title=f"{name}の事例")
        template_factory(code, title=f"{name}のテンプレート")
        curriculum_factory(code, title=f"{name}の研修")

    from tests.conftest import make_member

    asker = make_member("asker@example.com", name="質問 太郎")
    for code, name in [(peer_code(), "似た市"), (SHIMOTSUMA, "下妻市"), (IIDE, "飯豊町")]:
        make(code, name)
        question = question_factory(asker, title=f"{name}からの質問")
        Question.objects.filter(pk=question.pk).update(
            municipality=Municipality.objects.get(code=code)
        )


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("/casestudies/", "事例"),
        ("/app-templates/", "テンプレート"),
        ("/curricula/", "研修"),
        ("/forum/", "からの質問"),
    ],
)
def test_each_list_shows_only_what_towns_like_the_chosen_one_published(
    client, one_of_each, url, kind
):
    everything = shown(client.get(url))
    assert f"飯豊町の{kind}" in everything or f"飯豊町{kind}" in everything

    page = shown(client.get(url, {"similar_to": SHIMOTSUMA, "sort": "newest"}))
    assert re.search(f"似た市の?{kind}", page)
    assert not re.search(f"飯豊町の?{kind}", page)
    assert not re.search(f"下妻市の?{kind}", page)  # the town itself is not its own peer
    # The chip names the town and its link drops the filter, keeping the others.
    chip = re.search(r'<ul class="chips"[^>]*>(.*?)</ul>', page).group(1)
    assert "下妻市に似た自治体" in chip
    assert 'href="?sort=newest"' in chip


@pytest.mark.parametrize(
    "typed", ["082104", "下妻市", "茨城県 下妻市", "しもつま", "シモツマ", "shimotsuma"]
)
def test_the_town_may_be_typed_by_code_name_reading_or_romaji(client, one_of_each, typed):
    page = shown(client.get("/casestudies/", {"similar_to": typed}))
    assert "下妻市に似た自治体" in page
    assert "似た市の事例" in page and "飯豊町の事例" not in page


def test_a_value_that_is_no_municipality_is_named_in_a_message_not_an_empty_list(
    client, one_of_each
):
    page = shown(client.get("/casestudies/", {"similar_to": "999999"}))
    assert "「999999」に当てはまる自治体はありません。" in page
    assert "似た市の事例" not in page
    # A name that fits several towns names them, so the reader can type one.
    page = shown(client.get("/forum/", {"similar_to": "府中"}))
    assert "「府中」は複数の自治体に当てはまります" in page
    assert "東京都 府中市" in page and "広島県 府中市" in page


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/casestudies", "title"),
        ("/api/v1/app-templates", "title"),
        ("/api/v1/curricula", "title"),
        ("/api/v1/questions", "title"),
    ],
)
def test_the_api_takes_the_same_filter_and_answers_422_for_an_unknown_town(
    client, one_of_each, url, field
):
    items = client.get(url, {"similar_to": SHIMOTSUMA}).json()["items"]
    assert [item[field] for item in items] and all("似た市" in item[field] for item in items)
    wrong = client.get(url, {"similar_to": "999999"})
    assert wrong.status_code == 422
    [error] = wrong.json()["errors"]
    assert error["loc"] == ["query", "similar_to"] and "999999" in error["msg"]


def test_the_filter_keeps_the_list_query_count_constant(
    full_renders, client, case_study_factory, django_assert_num_queries
):
    peer = peer_code()
    case_study_factory(peer)
    params = {"similar_to": SHIMOTSUMA, "tool": "kintone"}
    client.get("/casestudies/", params)  # warm the choices, the facets and the peers
    # None: the sites and the list page (kept by the process, casestudies/home/
    # routing.py), the town named, its peers, the choices, the count, the facets and
    # the cards of the page come from the caches.
    with django_assert_num_queries(0):
        client.get("/casestudies/", params)
    for _ in range(8):
        case_study_factory(peer, tools=["kintone", "RPA"])
    client.get("/casestudies/", params)
    with django_assert_num_queries(0):
        client.get("/casestudies/", params)


def test_the_people_finder_takes_any_town_too_within_what_the_reader_may_see(
    client_for, member, shimotsuma_staff
):
    from tests.conftest import make_member

    peer = Municipality.objects.get(code=peer_code())
    listed = make_member("peer@example.com", name="似た市 職員")
    listed.staff_municipality, listed.in_people_finder = peer, True
    listed.staff_until = shimotsuma_staff.staff_until
    listed.save()
    shimotsuma_staff.in_people_finder = True
    shimotsuma_staff.save()
    staff_view = shown(client_for(shimotsuma_staff).get("/members/", {"similar_to": SHIMOTSUMA}))
    assert "似た市 職員" in staff_view and "石塚 美咲" not in staff_view
    assert "下妻市に似た自治体" in staff_view
    # A member who may not see where the listed member works does not find them by it.
    member_view = shown(client_for(member).get("/members/", {"similar_to": SHIMOTSUMA}))
    assert "似た市 職員" not in member_view


def test_suggestions_match_kana_kanji_and_romaji_for_anyone(client):
    for typed in ["しもつま", "下妻", "Shimotsuma"]:
        response = client.get("/municipalities/suggest/", {"q": typed})
        assert response.status_code == 200
        labels = [row["label"] for row in response.json()["results"]]
        assert "茨城県 下妻市" in labels, typed
    assert client.get("/municipalities/suggest/", {"q": "0821"}).json()["results"][0]["code"] == (
        SHIMOTSUMA
    )
    assert client.get("/municipalities/suggest/", {"q": ""}).json() == {"results": []}
    assert client.post("/municipalities/suggest/", {"q": "下妻"}).status_code == 405


def test_the_chooser_is_a_labelled_text_input_with_a_datalist(client):
    page = client.get("/casestudies/").content.decode()
    field = re.search(r'<input[^>]*name="similar_to"[^>]*>', page).group(0)
    assert 'type="text"' in field and 'list="id_similar_to_options"' in field
    assert 'data-municipality-chooser="/municipalities/suggest/"' in field
    assert '<datalist id="id_similar_to_options">' in page
    assert '<label for="id_similar_to">' in page


def test_an_anonymous_visitor_asks_the_home_page_for_towns_like_theirs(client, one_of_each):
    home = client.get("/").content.decode()
    form = re.search(r'<form[^>]*action="/casestudies/"[^>]*>(.*?)</form>', home, re.S).group(1)
    assert 'name="similar_to"' in form and "data-municipality-chooser" in form
    assert '<label id="home-similar-label" for="home-similar-to">' in form
    page = shown(client.get("/casestudies/", {"similar_to": "しもつま"}))
    assert "下妻市に似た自治体" in page and "似た市の事例" in page


def test_a_municipality_page_links_each_list_narrowed_to_towns_like_it(client, one_of_each):
    page = client.get("/municipalities/082104/").content.decode()
    for url in ["/casestudies/", "/app-templates/", "/curricula/", "/forum/"]:
        assert f'href="{url}?similar_to=082104"' in page
    english = client.get("/en/municipalities/082104/").content.decode()
    assert 'href="/en/casestudies/?similar_to=082104"' in english
    listed = shown(client.get("/curricula/?similar_to=082104"))
    assert "下妻市に似た自治体" in listed and "似た市の研修" in listed


def test_the_question_list_keeps_its_query_count_with_the_filter(
    full_renders, client, question_factory, shimotsuma_staff, django_assert_max_num_queries
):
    peer = Municipality.objects.get(code=peer_code())

    def ask(number):
        for _ in range(number):
            question = question_factory(shimotsuma_staff, tags=["kintone", "RPA"])
            Question.objects.filter(pk=question.pk).update(municipality=peer)

    ask(2)
    params = {"similar_to": "しもつま", "status": "unsolved"}
    client.get("/forum/", params)  # warm the choices, the facets and the peers
    with django_assert_max_num_queries(20) as few:
        client.get("/forum/", params)
        baseline = len(few)  # (a request's start empties Django's query log)
    assert baseline >= 3
    ask(10)
    client.get("/forum/", params)
    # Session-less visitor: the town named (1), the count and the page of questions
    # with their tags; the peers, the choices and the facets come from the cache.
    with django_assert_max_num_queries(baseline):
        page = client.get("/forum/", params)
    assert len(page.context["page"].object_list) == 12
