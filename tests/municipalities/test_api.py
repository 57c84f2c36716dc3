import pytest

from community.municipalities.models import Municipality

pytestmark = pytest.mark.django_db


def test_list_filters_agree_with_the_page(client):
    response = client.get("/api/v1/municipalities", {"prefecture": "08", "population_max": "10000"})
    data = response.json()
    expected = set(
        Municipality.objects.in_prefecture("08")
        .population_between(maximum=10000)
        .values_list("code", flat=True)
    )
    assert response.status_code == 200
    assert data["count"] == len(expected)
    assert {item["code"] for item in data["items"]} == expected


def test_list_combines_kind_and_kana_query(client):
    data = client.get(
        "/api/v1/municipalities", {"prefecture": "08", "kind": "city", "q": "しもつま"}
    ).json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item == {
        "code": "082104",
        "prefecture": "茨城県",
        "prefecture_code": "08",
        "name": "下妻市",
        "name_kana": "しもつまし",
        "kind": "city",
        "population": 42071,
        "population_as_of": "2025-01-01",
        "population_band": "30k_50k",
        "region": "kanto",
        "website": item["website"],
        "url": "/municipalities/082104/",
    }


def test_list_is_paginated(client):
    data = client.get("/api/v1/municipalities", {"page": 2, "page_size": 100}).json()
    assert data["count"] == 1788
    assert len(data["items"]) == 100


def test_detail_returns_one_with_its_domains(client):
    data = client.get("/api/v1/municipalities/082104").json()
    assert data["name"] == "下妻市"
    assert data["official_domains"] == ["city.shimotsuma.lg.jp"]


def test_unknown_code_is_a_json_404(client):
    response = client.get("/api/v1/municipalities/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "No municipality has the code 999999."}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"population_max": "lots"}, "population_max"),
        ({"population_min": "-5"}, "population_min"),
        ({"kind": "castle"}, "kind"),
        ({"prefecture": "8"}, "prefecture"),
        ({"population_band": "tiny"}, "population_band"),
        ({"q": "あ" * 101}, "q"),
    ],
)
def test_bad_parameters_are_422_with_a_message(client, params, field):
    response = client.get("/api/v1/municipalities", params)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"{field}: ")


def test_openapi_schema_documents_the_endpoints_and_attribution(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/municipalities" in schema["paths"]
    assert "/api/v1/municipalities/{code}" in schema["paths"]
    assert "Japan Dashboard" in schema["info"]["description"]


def test_list_query_count_is_constant(client, django_assert_num_queries):
    # 1 COUNT, 2 the page of rows joined with prefectures.
    for size in [1, 200]:
        with django_assert_num_queries(2):
            client.get("/api/v1/municipalities", {"page_size": size})
