"""Every filterable list answers a wrong filter value the same way: a translated
message above the results that names the value (and a link that drops the filter),
no results, never a silent empty list; the API answers 422 naming the parameter.
Every list counts its results per filter value, beside the filters."""

import pytest

from community.municipalities.models import Municipality
from tests.facets import shown_facets

pytestmark = pytest.mark.django_db

LISTS = ["/casestudies/", "/app-templates/", "/curricula/", "/forum/", "/visits/"]


def problems_of(response) -> str:
    body = response.content.decode()
    assert 'class="errorlist filter-problems"' in body, "no message about the filters"
    return body.split('class="errorlist filter-problems"')[1].split("</div>")[0]


@pytest.mark.parametrize("url", [*LISTS, "/municipalities/"])
@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"prefecture": "99"}, "「99」は選択肢にありません。"),
        ({"population_min": "-5"}, "-5"),
        ({"population_max": "たくさん"}, "「たくさん」は整数ではありません。"),
        ({"population_band": "huge"}, "「huge」は選択肢にありません。"),
    ],
)
def test_a_wrong_municipality_filter_is_named_on_every_list(client, url, params, named):
    response = client.get(url, params)
    assert response.status_code == 200
    problems = problems_of(response)
    assert named in problems
    assert "外す" in problems  # a link that drops the filter


@pytest.mark.parametrize(
    ("url", "params", "named"),
    [
        ("/casestudies/", {"tool": "abacus"}, "「abacus」は選択肢にありません。"),
        ("/app-templates/", {"tool": "abacus"}, "「abacus」は選択肢にありません。"),
        ("/curricula/", {"kind": "castle"}, "「castle」は選択肢にありません。"),
        ("/visits/", {"tool": "abacus"}, "「abacus」は選択肢にありません。"),
        ("/municipalities/", {"kind": "castle"}, "「castle」は選択肢にありません。"),
        ("/casestudies/", {"fiscal_year": "1850"}, "「1850」は選択肢にありません。"),
        ("/casestudies/", {"budget_band": "free"}, "「free」は選択肢にありません。"),
        ("/forum/", {"status": "maybe"}, "「maybe」は選択肢にありません。"),
        # A tag nothing in the list carries is named too, not an empty list.
        ("/casestudies/", {"tag": "存在しないタグ"}, "「存在しないタグ」のタグが付いたもの"),
        ("/curricula/", {"tag": "存在しないタグ"}, "「存在しないタグ」のタグが付いたもの"),
        ("/forum/", {"tag": "存在しないタグ"}, "「存在しないタグ」のタグが付いたもの"),
    ],
)
def test_a_wrong_value_of_a_list_s_own_filter_is_named(client, url, params, named):
    assert named in problems_of(client.get(url, params))


def test_the_message_is_in_english_on_an_english_page(client):
    problems = problems_of(client.get("/en/casestudies/", {"tag": "nosuchtag"}))
    assert "Nothing in this list is tagged “nosuchtag”." in problems


def test_people_finder_names_a_wrong_value_too(client_for, member):
    problems = problems_of(client_for(member).get("/members/", {"tool": "abacus"}))
    assert "「abacus」は選択肢にありません。" in problems


@pytest.mark.parametrize(
    "url",
    ["/api/v1/casestudies", "/api/v1/app-templates", "/api/v1/curricula", "/api/v1/questions"],
)
def test_the_api_answers_an_unknown_tag_with_a_422_naming_it(client, url):
    response = client.get(url, {"tag": "nosuchtag"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "type": "unknown",
            "loc": ["query", "tag"],
            "msg": "Nothing in this list is tagged “nosuchtag”.",
        }
    ]


def test_a_tag_in_use_filters_and_is_counted(client, case_study_factory):
    case_study_factory("082104", title="窓口の事例", tags=["窓口"])
    case_study_factory("064033", title="会議の事例", tags=["会議"])
    response = client.get("/casestudies/", {"tag": "窓口"})
    assert "filter-problems" not in response.content.decode()
    assert [page.title for page in response.context["results"].object_list] == ["窓口の事例"]
    assert shown_facets(response)["tag:窓口"] == 1


def test_municipalities_are_counted_per_prefecture_kind_region_and_band(client):
    ibaraki = Municipality.objects.filter(prefecture__code="08")
    facets = shown_facets(client.get("/municipalities/", {"prefecture": "08"}))
    assert facets["prefecture:08"] == ibaraki.count() == 45  # the prefecture and its 44
    for kind in ("city", "town", "village"):
        assert facets[f"kind:{kind}"] == ibaraki.filter(kind=kind).count() > 0
    assert facets["region:kanto"] == 45 and facets["region:tohoku"] == 0
    assert facets["population:30k_50k"] > 0
    body = client.get("/municipalities/").content.decode()
    assert "件数" in body and "?prefecture=08" in body  # each count links to its list


def facets_html(response) -> str:
    body = response.content.decode()
    return (
        '<div lang="en">' + body.split('class="facets-heading"')[1].split("</form>")[0] + "</div>"
    )


def test_english_counts_name_things_in_english_and_mark_what_members_wrote(
    client, case_study_factory, question_factory, shimotsuma_staff
):
    from tests.language import unmarked_japanese

    case_study_factory("082104", tags=["窓口"])
    question_factory(shimotsuma_staff, tags=["電子申請"])
    for url in ("/en/casestudies/", "/en/forum/", "/en/municipalities/", "/en/visits/"):
        assert not unmarked_japanese(facets_html(client.get(url))), url
    assert '<span lang="ja">窓口</span>' in facets_html(client.get("/en/casestudies/"))
    assert '<span lang="ja">電子申請</span>' in facets_html(client.get("/en/forum/"))


def test_each_facet_link_keeps_the_other_filters_and_drops_the_page_and_its_own(client):
    """A facet's link is the list as shown, without the page number and the filter's other
    values, with the facet's value: what the reader chose stays chosen."""
    response = client.get(
        "/municipalities/", {"kind": "town", "page": "2", "prefecture": "06", "q": "町 村"}
    )
    groups = response.context["facet_groups"]
    links = {
        f"{group['name']}:{option.value}": option.url
        for group in (groups() if callable(groups) else groups)
        for option in group["options"]
    }
    words = "q=%E7%94%BA+%E6%9D%91"  # 町 村
    assert links["prefecture:06"] == f"?kind=town&{words}&prefecture=06"
    assert links["kind:village"] == f"?prefecture=06&{words}&kind=village"
    assert (
        links["population:under_5k"] == f"?kind=town&prefecture=06&{words}&population_band=under_5k"
    )
    assert f'href="?prefecture=06&amp;{words}&amp;kind=town"' in response.content.decode()
