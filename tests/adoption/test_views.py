"""Recording 横展開 from an item's page: who may and who may not, what everyone sees,
and where else it shows (the municipality page, the API, the lists)."""

import datetime

import pytest

from casestudies.adoption.models import Adoption
from casestudies.adoption.services import adopt
from casestudies.cases.models import CaseStudyPage
from community.municipalities.models import Municipality
from tests.facets import shown_facets

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 4, 1)


@pytest.fixture(params=["case study", "template", "curriculum"])
def item(request, case_study_factory, template_factory, curriculum_factory):
    """An item published by 下妻市, of each kind that can be adopted."""
    factory = {
        "case study": case_study_factory,
        "template": template_factory,
        "curriculum": curriculum_factory,
    }[request.param]
    return factory("082104")


def form(**overrides) -> dict:
    data = {
        "adopted_on": "2025-04-01",
        "notes": "町の窓口に合わせて項目を減らしました。",
        "metrics-TOTAL_FORMS": "3",
        "metrics-INITIAL_FORMS": "0",
        "metrics-0-metric": "入力にかかる時間",
        "metrics-0-before": "月20時間",
        "metrics-0-after": "月6時間",
        "metrics-0-unit": "時間",
    }
    data.update(overrides)
    return data


def adopt_url(item) -> str:
    return f"/adoptions/{item.pk}/"


def test_staff_of_another_town_record_an_adoption_for_their_municipality(
    client_for, other_town_staff, item
):
    client = client_for(other_town_staff)
    assert client.get(adopt_url(item)).status_code == 200
    response = client.post(adopt_url(item), form())
    assert response.status_code == 302 and response["Location"].endswith("#adoption")
    adoption = Adoption.objects.get(page_id=item.pk)
    assert adoption.municipality.code == "064033"
    assert adoption.outcome_metrics[0].after == "月6時間"
    item.refresh_from_db()
    assert item.adoption_count == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("member", 403), ("shimotsuma_staff", 403), ("moderator", 403)],
)
def test_who_may_not_record_an_adoption(request, client_for, item, who, status):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).post(adopt_url(item), form())
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    assert not Adoption.objects.exists()


def test_two_clicks_from_the_same_municipality_leave_one_adoption(
    client_for, other_town_staff, item
):
    client = client_for(other_town_staff)
    client.post(adopt_url(item), form(notes="1回目"))
    client.post(adopt_url(item), form(notes="2回目"))
    assert Adoption.objects.filter(page_id=item.pk).count() == 1
    assert Adoption.objects.get().notes == "2回目"
    item.refresh_from_db()
    assert item.adoption_count == 1


def test_a_failed_form_keeps_what_was_typed_and_stores_nothing(
    client_for, other_town_staff, case_study_factory
):
    case = case_study_factory("082104")
    response = client_for(other_town_staff).post(
        adopt_url(case), form(adopted_on="2999-01-01", **{"metrics-1-before": "月10時間"})
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "町の窓口に合わせて項目を減らしました。" in body
    assert "未来の日付" in body and "指標の名前" in body
    assert not Adoption.objects.exists()


def test_drafts_cannot_be_adopted(client_for, other_town_staff, case_study_factory):
    draft = case_study_factory("082104", live=False)
    assert client_for(other_town_staff).post(adopt_url(draft), form()).status_code == 404
    assert client_for(other_town_staff).post("/adoptions/1/", form()).status_code == 404


def test_the_version_adopted_is_chosen_from_the_templates_versions(
    client_for, other_town_staff, template_factory
):
    template = template_factory("082104", versions=["1.0", "1.1"])
    client = client_for(other_town_staff)
    page = client.get(adopt_url(template)).content.decode()
    assert '<option value="1.1" selected>1.1</option>' in page
    client.post(adopt_url(template), form(version_number="1.0"))
    assert Adoption.objects.get().version_number == "1.0"
    client.post(adopt_url(template), form(version_number="9.9"))
    assert Adoption.objects.get().version_number == "1.0"


def test_everyone_sees_the_adopters_with_their_population_band_and_count(
    client, client_for, case_study_factory, other_town_staff, shimotsuma_staff, member
):
    case = case_study_factory("082104")
    adopt(case, Municipality.objects.get(code="064033"), actor=other_town_staff, adopted_on=TODAY)
    adopt(case, Municipality.objects.get(code="063657"), actor=None, adopted_on=TODAY)
    body = client.get(case.url).content.decode()
    assert "山形県 飯豊町" in body and "5千〜1万" in body and "山形県 大蔵村" in body
    assert "<strong>2</strong>" in body
    assert 'action="/adoptions/' not in body  # no form for visitors
    assert "ログイン" in body
    assert 'action="/adoptions/' not in client_for(member).get(case.url).content.decode()
    assert 'action="/adoptions/' not in client_for(shimotsuma_staff).get(case.url).content.decode()
    staff_view = client_for(other_town_staff).get(case.url).content.decode()
    assert f'action="/adoptions/{case.pk}/"' in staff_view
    assert "取り下げる" in staff_view  # their own adoption can be withdrawn


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("shimotsuma_staff", False),
        ("other_town_staff", True),
        ("moderator", True),
    ],
)
def test_who_may_withdraw_an_adoption(request, client_for, case_study_factory, who, allowed):
    case = case_study_factory("082104")
    adoption, _ = adopt(case, Municipality.objects.get(code="064033"), actor=None, adopted_on=TODAY)
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(user)
    url = f"/adoptions/withdraw/{adoption.pk}/"
    confirm = client.get(url)
    assert confirm.status_code == (200 if allowed else 302 if user is None else 403)
    client.post(url)
    assert Adoption.objects.filter(pk=adoption.pk).exists() is not allowed
    assert CaseStudyPage.objects.get(pk=case.pk).adoption_count == (0 if allowed else 1)


def test_the_municipality_page_shows_what_it_adopted_and_published(
    client, case_study_factory, template_factory, curriculum_factory
):
    case = case_study_factory("082104", title="下妻市の事例")
    template = template_factory("064033", title="飯豊町の公用車予約アプリ")
    curriculum_factory("064033", title="飯豊町のkintone研修")
    adopt(case, Municipality.objects.get(code="064033"), actor=None, adopted_on=TODAY)
    body = client.get("/municipalities/064033/").content.decode()
    assert "下妻市の事例" in body and "2025年4月1日" in body
    assert "飯豊町の公用車予約アプリ" in body and "飯豊町のkintone研修" in body
    assert template.url in body


def test_the_case_study_api_counts_real_adoptions(client, case_study_factory):
    case = case_study_factory("082104")
    adopt(case, Municipality.objects.get(code="064033"), actor=None, adopted_on=TODAY)
    adopt(case, Municipality.objects.get(code="063657"), actor=None, adopted_on=TODAY)
    assert client.get(f"/api/v1/casestudies/{case.pk}").json()["adoption_count"] == 2
    items = client.get("/api/v1/casestudies", {"sort": "most_adopted"}).json()["items"]
    assert items[0]["adoption_count"] == 2


def test_lists_find_what_towns_of_a_size_adopted_and_sort_by_most_adopted(
    client, case_study_factory
):
    small = case_study_factory("082104", title="小さな町が使った事例")
    large = case_study_factory("082104", title="大きな市が使った事例")
    case_study_factory("082104", title="まだ誰も使っていない事例")
    adopt(small, Municipality.objects.get(code="063657"), actor=None, adopted_on=TODAY)  # 2,760
    adopt(small, Municipality.objects.get(code="064033"), actor=None, adopted_on=TODAY)  # 6,203
    adopt(large, Municipality.objects.get(code="331007"), actor=None, adopted_on=TODAY)  # 岡山市

    def titles(params):
        return [c.title for c in client.get("/casestudies/", params).context["results"].object_list]

    assert titles({"adopted_band": "under_10k"}) == ["小さな町が使った事例"]
    assert titles({"adopted_band": "500k_plus"}) == ["大きな市が使った事例"]
    assert titles({"sort": "most_adopted"})[:2] == ["小さな町が使った事例", "大きな市が使った事例"]
    facets = shown_facets(client.get("/casestudies/"))
    assert facets["adopted_band:under_10k"] == 1 and facets["adopted_band:under_5k"] == 1


def test_moderators_see_a_withdraw_link_on_each_adoption(
    client_for, moderator, member, case_study_factory
):
    case = case_study_factory("082104")
    adoption, _ = adopt(case, Municipality.objects.get(code="064033"), actor=None, adopted_on=TODAY)
    link = f'href="/adoptions/withdraw/{adoption.pk}/"'
    assert link in client_for(moderator).get(case.url).content.decode()
    assert link not in client_for(member).get(case.url).content.decode()
