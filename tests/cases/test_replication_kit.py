"""The replication kit (再現キット): costs, procurement, funding, staff time, who had
to agree, the LGWAN notes and the templates used, on the page, the cards, the
filters, the API and the CSV."""

import csv
import io
import json

import pytest
from wagtail.models import PageViewRestriction

from casestudies.apptemplates.models import TemplateRelatedCase
from casestudies.cases.models import AgreementDepartment, FundingProgramme, ProcurementRoute
from casestudies.demo.cases import CONTENT as CASE_STUDIES_JSON
from casestudies.demo.kits import kits
from tests.apptemplates.conftest import (  # noqa: F401 - fixtures
    document_factory,
    media_root,
    template_factory,
    template_index,
)

pytestmark = pytest.mark.django_db
URL = "/casestudies/"


@pytest.fixture
def kit_case(case_study_factory):
    """A case study with its kit filled in, as its author would in the CMS."""

    def make(*, funding=(), **fields):
        case = case_study_factory(**{k: fields.pop(k) for k in ("code", "title") if k in fields})
        revision_fields = {
            "initial_cost_yen": 0,
            "running_cost_yen": 0,
            "procurement_route": "existing_contract",
            **fields,
        }
        for name, value in revision_fields.items():
            setattr(case, name, value)
        case.funding = list(FundingProgramme.objects.filter(slug__in=funding))
        case.save_revision().publish(skip_permission_checks=True)
        return type(case).objects.get(pk=case.pk)

    return make


def test_the_kit_comes_before_the_story_with_costs_funding_and_agreements(client, kit_case):
    case = kit_case(
        initial_cost_yen=2_860_000,
        running_cost_yen=0,
        running_cost_after_trial_yen=1_080_000,
        licences="kintone スタンダードコース",
        licence_count=50,
        procurement_route="proposal",
        funding=["digiden-jisso"],
        build_hours=160,
        running_hours_per_month=20,
        agreed_with=["information_policy", "finance"],
        lgwan_notes="インターネット接続系で利用します。",
    )
    body = client.get(case.url).content.decode()
    kit = body[body.index('id="kit-heading"') :]
    assert kit.index("再現キット") < kit.index("課題")  # near the top, before the challenge
    kit = kit[: kit.index("課題")]
    for text in [
        "2,860,000円",
        "無償期間終了後",
        "1,080,000円",
        "kintone スタンダードコース",
        "× 50",
        "プロポーザル",
        "デジタル田園都市国家構想交付金（デジタル実装タイプ）",
        "?funding=digiden-jisso",
        "構築に160時間",
        "運用に月20時間",
        "情報政策（情報システム）、財政",
        "インターネット接続系で利用します。",
    ]:
        assert text in kit, text


def test_templates_that_name_the_case_are_listed_on_it_but_drafts_and_private_ones_are_not(
    client,
    kit_case,
    template_factory,  # noqa: F811 - the fixture
):
    case = kit_case()
    used = template_factory(title="健診予約アプリ")
    draft = template_factory(title="まだ下書きのアプリ", live=False)
    private = template_factory(title="限定公開のアプリ")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    for template in (used, draft, private):
        TemplateRelatedCase.objects.create(page=template, case_study=case)
    body = client.get(case.url).content.decode()
    assert "利用したアプリテンプレート" in body and "健診予約アプリ" in body
    assert "まだ下書きのアプリ" not in body and "限定公開のアプリ" not in body
    # And the other way: the template names the case.
    assert case.title in client.get(used.url).content.decode()


def test_cards_show_the_running_cost_after_the_trial_and_the_route(client, kit_case):
    kit_case(
        title="無料期間のあと有料",
        running_cost_yen=0,
        running_cost_after_trial_yen=990_000,
        procurement_route="free_trial",
        funding=["tokubetsu-kofuzei"],
    )
    body = client.get(URL).content.decode()
    card = body[body.index("無料期間のあと有料") :]
    assert "990,000円" in card[:3000] and "（無償期間終了後）" in card[:3000]
    assert "無償・トライアル" in card[:3000] and "特別交付税措置" in card[:3000]


def test_filters_by_procurement_route_funding_and_running_cost(client, kit_case):
    kit_case(title="既存契約で0円", procurement_route="existing_contract", running_cost_yen=0)
    kit_case(
        title="無料期間のあと年99万円",
        procurement_route="free_trial",
        running_cost_yen=0,
        running_cost_after_trial_yen=990_000,
    )
    kit_case(
        title="交付金でプロポーザル",
        procurement_route="proposal",
        running_cost_yen=4_400_000,
        funding=["digiden-jisso"],
    )

    def titles(**params):
        response = client.get(URL, params)
        return {case.title for case in response.context["results"].object_list}

    assert titles(procurement="proposal") == {"交付金でプロポーザル"}
    assert titles(funding="digiden-jisso") == {"交付金でプロポーザル"}
    # The free trial ends: what it costs from then on is what counts.
    assert titles(running_cost_band="zero") == {"既存契約で0円"}
    assert titles(running_cost_band="upto_1m") == {"無料期間のあと年99万円"}
    response = client.get(URL, {"procurement": "bribery"})
    assert response.context["results"].paginator.count == 0
    assert "調達の方法" in response.content.decode()  # the bad value is named


def test_facets_count_cases_per_route_and_running_cost(client, kit_case):
    kit_case(procurement_route="proposal", running_cost_yen=4_400_000)
    kit_case(procurement_route="proposal", running_cost_yen=0)
    facets = {
        group["name"]: {option.value: option.count for option in group["options"]}
        for group in client.get(URL).context["facet_groups"]()
    }
    assert facets["procurement"]["proposal"] == 2
    assert facets["running_cost"]["zero"] == 1 and facets["running_cost"]["upto_5m"] == 1


def test_the_api_lists_and_details_the_kit(
    client,
    kit_case,
    template_factory,  # noqa: F811 - the fixture
):
    case = kit_case(
        initial_cost_yen=100_000,
        running_cost_yen=50_000,
        procurement_route="negotiated",
        funding=["ken-hojo"],
        licences="LoGoフォーム",
        licence_count=3,
        build_hours=40,
        running_hours_per_month=2,
        agreed_with=["legal"],
        lgwan_notes="LGWAN-ASPです。",
    )
    TemplateRelatedCase.objects.create(page=template_factory(title="受付アプリ"), case_study=case)
    items = client.get("/api/v1/casestudies", {"procurement": "negotiated"}).json()["items"]
    assert [item["id"] for item in items] == [case.pk]
    assert items[0]["funding"] == ["県補助金"] and items[0]["running_cost_yen"] == 50_000
    detail = client.get(f"/api/v1/casestudies/{case.pk}").json()
    assert detail["procurement_route"] == "negotiated" and detail["licence_count"] == 3
    assert detail["agreed_with"] == ["legal"] and detail["lgwan_notes"] == "LGWAN-ASPです。"
    assert [t["title"] for t in detail["templates_used"]] == ["受付アプリ"]
    assert detail["curricula_used"] == []


def test_the_csv_carries_the_kit(client, kit_case):
    kit_case(
        initial_cost_yen=0,
        running_cost_yen=0,
        running_cost_after_trial_yen=1_080_000,
        procurement_route="free_trial",
        funding=["digiden-jisso", "ken-hojo"],
        agreed_with=["finance"],
    )
    response = client.get(URL + "export/")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()[1:])))
    assert rows[0]["running_cost_after_trial_yen"] == "1080000"
    assert rows[0]["procurement_route"] == "free_trial"
    assert rows[0]["funding"] == "デジタル田園都市国家構想交付金（デジタル実装タイプ）|県補助金"
    assert rows[0]["agreed_with"] == "finance" and rows[0]["initial_cost_yen"] == "0"


def test_every_demo_case_has_a_kit_in_the_shared_lists():
    content = json.loads(CASE_STUDIES_JSON.read_text(encoding="utf-8"))
    programmes = set(FundingProgramme.objects.values_list("slug", flat=True))
    assert set(kits()) == {item["slug"] for item in content}
    for slug, kit in kits().items():
        assert kit["procurement_route"] in ProcurementRoute.values, slug
        assert set(kit["funding"]) <= programmes, slug
        assert set(kit["agreed_with"]) <= set(AgreementDepartment.values), slug
        assert kit["lgwan_notes"], slug
