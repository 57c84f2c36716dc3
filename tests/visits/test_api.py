"""/api/v1/visit-offers: public offers only; requests have no endpoint."""

import pytest
from wagtail.models import Page

from community.visits import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(db):
    return Page.objects.get(depth=2).add_child(
        instance=Page(title="kintone導入事例", slug="kintone-case")
    )


def test_an_offer_in_the_list_has_the_documented_shape(
    client, offer_factory, shimotsuma_staff, topic
):
    offer = offer_factory(shimotsuma_staff, topics=[topic])
    data = client.get("/api/v1/visit-offers").json()
    assert data["count"] == 1
    assert data["items"] == [
        {
            "id": offer.pk,
            "title": "kintoneで進める庁内業務改善とアンケート運用",
            "municipality": {
                "code": "082104",
                "name": "下妻市",
                "prefecture": "茨城県",
                "population": 42071,
                "population_band": "30k_50k",
            },
            "formats": ["onsite", "online", "consultation"],
            "topics": [{"title": "kintone導入事例", "url": topic.url}],
            "tools": ["kintone"],
            "categories": ["efficiency"],
            "fee_yen": 0,
            "max_party_size": 8,
            "duration_minutes": 90,
            "lead_time_days": 30,
            "accepts_council_members": True,
            "accepts_companies": False,
            "accepts_students": False,
            "url": f"/visits/offers/{offer.pk}/",
        }
    ]


def test_filters_match_the_page(client, offer_factory, shimotsuma_staff, other_town_staff):
    offer_factory(shimotsuma_staff)
    offer_factory(
        other_town_staff,
        title="LoGoフォーム電子申請",
        formats=("online",),
        tools=("logoform",),
        fee_yen=1000,
        accepts_council_members=False,
    )
    cases = [
        ({"population_band": "5k_10k"}, {"064033"}),
        ({"prefecture": "08"}, {"082104"}),
        ({"region": "tohoku"}, {"064033"}),
        ({"format": "onsite"}, {"082104"}),
        ({"online": "true"}, {"082104", "064033"}),
        ({"free": "true"}, {"082104"}),
        ({"council_members": "true"}, {"082104"}),
        ({"tool": "logoform"}, {"064033"}),
        ({"category": "efficiency"}, {"082104", "064033"}),
        ({"q": "LoGoフォーム"}, {"064033"}),
    ]
    for params, codes in cases:
        data = client.get("/api/v1/visit-offers", params).json()
        assert {item["municipality"]["code"] for item in data["items"]} == codes, params


def test_unknown_filter_values_are_422(client):
    for params in ({"format": "picnic"}, {"population_band": "huge"}, {"prefecture": "8"}):
        assert client.get("/api/v1/visit-offers", params).status_code == 422


def test_detail_has_terms_and_blackouts(client, kintone_offer):
    data = client.get(f"/api/v1/visit-offers/{kintone_offer.pk}").json()
    assert data["weekdays"] == [0, 1, 2, 3, 4]
    assert data["blackouts"][0]["label"] == "6月定例会"
    assert data["contact_department"] == "DX推進課"
    assert "notify_email" not in data


def test_withdrawn_offers_are_not_in_the_api(client, kintone_offer, shimotsuma_staff):
    services.withdraw_offer(kintone_offer, actor=shimotsuma_staff)
    assert client.get("/api/v1/visit-offers").json()["count"] == 0
    assert client.get(f"/api/v1/visit-offers/{kintone_offer.pk}").status_code == 404


def test_the_api_has_no_request_endpoint_and_shows_no_trace_of_requests(
    client, request_factory, kintone_offer, other_town_staff
):
    visit = request_factory(kintone_offer, other_town_staff, status="confirmed")
    schema = client.get("/api/v1/openapi.json").json()
    visit_paths = [path for path in schema["paths"] if "visit" in path]
    assert visit_paths == ["/api/v1/visit-offers", "/api/v1/visit-offers/{offer_id}"]
    for path in ("/api/v1/visit-offers", f"/api/v1/visit-offers/{kintone_offer.pk}"):
        body = client.get(path).content.decode()
        for trace in (str(visit.pk), "飯豊町", "sato@", "拝見したい", "0238"):
            assert trace not in body


def test_list_query_count_is_constant(
    client, django_assert_num_queries, offer_factory, shimotsuma_staff, topic
):
    offer_factory(shimotsuma_staff, topics=[topic])
    client.get("/api/v1/visit-offers")
    for count in (2, 8):
        for index in range(count):
            offer_factory(shimotsuma_staff, title=f"視察 {count}-{index}", topics=[topic])
        # 1 COUNT, 2 the page of offers with hosts, 3 their tools, 4 their categories,
        # 5 their live topic pages.
        with django_assert_num_queries(5):
            client.get("/api/v1/visit-offers")
