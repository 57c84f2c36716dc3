"""予算要求 evidence pack: a member collects case studies into a basket and gets a
document for the 財政課 — a print page, a PDF and an xlsx — at a signed, read-only
link a colleague without an account can open."""

import datetime
import io
from urllib.parse import urlparse

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from casestudies.adoption.models import Adoption
from casestudies.cases.models import FundingProgramme
from casestudies.evidence.pack import make_token
from community.municipalities.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def zero_yen_kintone(case_study_factory):
    """Two 0円 kintone cases with their kits (one free for a year, then paid)."""

    def kit(case, **fields):
        for name, value in fields.items():
            setattr(case, name, value)
        case.funding = list(FundingProgramme.objects.filter(slug="tokubetsu-kofuzei"))
        case.save_revision().publish(skip_permission_checks=True)
        return type(case).objects.get(pk=case.pk)

    shimotsuma = kit(
        case_study_factory(
            "082104",
            title="予算0円から始めたkintone活用",
            budget=0,
            metrics=[{"metric": "郵送費", "value_before": "年30万円", "value_after": "0円"}],
        ),
        initial_cost_yen=0,
        running_cost_yen=0,
        running_cost_after_trial_yen=1_080_000,
        procurement_route="free_trial",
    )
    nichinan = kit(
        case_study_factory("314013", title="見守り訪問記録をkintoneに", budget=0),
        initial_cost_yen=0,
        running_cost_yen=0,
        running_cost_after_trial_yen=990_000,
        procurement_route="free_trial",
    )
    # 飯豊町 has 5,000–10,000 people: 大江町 (7,062) is a town of its size, 白鷹町
    # (12,222) is not.
    for code in ("063240", "064025"):
        Adoption.objects.create(
            page=shimotsuma,
            municipality=Municipality.objects.get(code=code),
            adopted_on="2024-06-01",
        )
    return [shimotsuma, nichinan]


def make_pack(client, pages) -> str:
    for page in pages:
        assert client.post("/evidence/add/", {"page": page.pk}).status_code == 302
    response = client.post("/evidence/make/")
    assert response.status_code == 302
    return urlparse(response["Location"]).path


def test_an_iide_officer_builds_a_pack_a_colleague_opens_without_an_account(
    client_for, client, other_town_staff, zero_yen_kintone
):
    officer = client_for(other_town_staff)
    basket = officer.get("/evidence/")
    assert "予算要求" in basket.content.decode()
    url = make_pack(officer, zero_yen_kintone)
    assert "予算0円から始めたkintone活用" in officer.get("/evidence/").content.decode()

    page = client.get(url)  # not signed in
    assert page.status_code == 200
    body = page.content.decode()
    for text in [
        "予算0円から始めたkintone活用",
        "見守り訪問記録をkintoneに",
        "飯豊町",  # prepared for
        "1,080,000円",
        "990,000円",
        "無償・トライアル",
        "特別交付税措置",
        "年30万円 → 0円",
        "自団体の見込み",
        "CC BY 4.0",
        "大江町",  # an adopter of 飯豊町's size
    ]:
        assert text in body, text
    assert "白鷹町" not in body  # a larger town is not "of our size"
    assert body.count("<h1") == 1


def test_the_pdf_carries_the_figures_in_japanese_text(
    client_for, client, other_town_staff, zero_yen_kintone
):
    url = make_pack(client_for(other_town_staff), zero_yen_kintone)
    response = client.get(url + "pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = "".join(text.split())  # line breaks fall anywhere in a narrow column
    for expected in [
        "予算要求",
        "予算0円から始めたkintone活用",
        "1,080,000円",
        "990,000円",
        "自団体の見込み",
        "CCBY4.0",
        "大江町",
    ]:
        assert expected in text, expected


def test_the_xlsx_keeps_figures_as_numbers_and_titles_as_text(
    client_for, client, other_town_staff, zero_yen_kintone, case_study_factory
):
    sly = case_study_factory("082104", title='=HYPERLINK("http://example.com","x")')
    url = make_pack(client_for(other_town_staff), [*zero_yen_kintone, sly])
    response = client.get(url + "xlsx/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {
        row[0].value: [cell.value for cell in row[1:]]
        for row in sheet.iter_rows(min_row=4)
        if row[0].value
    }
    assert rows["事例"][:3] == [
        "予算0円から始めたkintone活用",
        "見守り訪問記録をkintoneに",
        '=HYPERLINK("http://example.com","x")',
    ]
    assert sheet.cell(row=4, column=4).data_type == "s"  # the formula-looking title is text
    assert rows["無償期間終了後の年間運用費（円）"][:2] == [1_080_000, 990_000]
    assert rows["初期費用（円）"][:2] == [0, 0]
    assert "自団体の見込み" in [cell.value for cell in sheet[4]]


def test_a_tampered_or_foreign_link_finds_nothing(client, zero_yen_kintone):
    token = make_token([zero_yen_kintone[0].pk], "064033")
    assert client.get(f"/evidence/pack/{token}/").status_code == 200
    assert client.get(f"/evidence/pack/{token[:-2]}xx/").status_code == 404
    assert client.get("/evidence/pack/not-a-token/pdf/").status_code == 404


def test_only_members_keep_a_basket(client, zero_yen_kintone):
    response = client.post("/evidence/add/", {"page": zero_yen_kintone[0].pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/evidence/").status_code == 302


def test_an_unpublished_case_leaves_the_pack(client, zero_yen_kintone):
    token = make_token([case.pk for case in zero_yen_kintone], "064033")
    zero_yen_kintone[1].unpublish()
    body = client.get(f"/evidence/pack/{token}/").content.decode()
    assert "予算0円から始めたkintone活用" in body and "見守り訪問記録をkintoneに" not in body


def test_the_pack_page_query_count_does_not_grow_with_items(
    client, full_renders, case_study_factory, zero_yen_kintone, django_assert_max_num_queries
):
    small = make_token([zero_yen_kintone[0].pk], "064033")
    client.get(f"/evidence/pack/{small}/")
    with django_assert_max_num_queries(30) as few:
        client.get(f"/evidence/pack/{small}/")
    baseline = len(few.captured_queries)
    more = [case_study_factory("082104", metrics=3) for _ in range(5)]
    large = make_token([case.pk for case in [*zero_yen_kintone, *more]], "064033")
    client.get(f"/evidence/pack/{large}/")
    # Session (none: anonymous), the town, the cases with their municipality, metrics,
    # funding and follow-ups, the templates, the adopters of the town's size, routing.
    with django_assert_max_num_queries(baseline):
        client.get(f"/evidence/pack/{large}/")


def test_the_basket_query_count_does_not_grow_with_items(
    client_for, other_town_staff, case_study_factory, django_assert_max_num_queries
):
    officer = client_for(other_town_staff)
    first = case_study_factory("082104")
    officer.post("/evidence/add/", {"page": first.pk})
    officer.get("/evidence/")
    with django_assert_max_num_queries(20) as few:
        officer.get("/evidence/")
    baseline = len(few.captured_queries)
    for _ in range(5):
        officer.post("/evidence/add/", {"page": case_study_factory("064033").pk})
    officer.get("/evidence/")
    # Session and member, the basket's pages (and their specific rows), municipalities,
    # routing for the links.
    with django_assert_max_num_queries(baseline):
        body = officer.get("/evidence/").content.decode()
    assert body.count("を外す") == 6


def test_the_add_button_is_for_members_only(client, client_for, member, zero_yen_kintone):
    case = zero_yen_kintone[0]
    assert "予算要求資料に追加" not in client.get(case.url).content.decode()
    assert "予算要求資料に追加" in client_for(member).get(case.url).content.decode()


def adopt_with_figures(case, code, metric, before, after, unit="時間"):
    return Adoption.objects.create(
        page=case,
        municipality=Municipality.objects.get(code=code),
        adopted_on="2025-04-01",
        metrics=[{"metric": metric, "before": before, "after": after, "unit": unit}],
    )


def test_the_pack_shows_each_adopters_own_before_and_after_figures(client, zero_yen_kintone):
    shimotsuma, nichinan = zero_yen_kintone
    # 大江町 and 白鷹町 adopted 下妻市's case without figures (the fixture); two towns
    # recorded their own.
    adopt_with_figures(shimotsuma, "064033", "申請の入力時間", "年420", "年60")
    adopt_with_figures(nichinan, "063240", "訪問記録の転記", "月30", "月2")
    token = make_token([case.pk for case in zero_yen_kintone], "064033")

    body = client.get(f"/evidence/pack/{token}/").content.decode()
    section = body[body.index("導入自治体が記録した成果") :]
    for text in ["飯豊町", "6,203人", "申請の入力時間", "年420 時間", "年60 時間"]:
        assert text in section, text
    for text in ["大江町", "7,062人", "訪問記録の転記", "月30 時間", "月2 時間"]:
        assert text in section, text

    workbook = load_workbook(io.BytesIO(client.get(f"/evidence/pack/{token}/xlsx/").content))
    rows = list(workbook["導入自治体の成果"].iter_rows(values_only=True))
    assert rows[0][:3] == ("事例", "導入自治体", "人口")
    assert [row[:3] + row[4:] for row in rows[1:]] == [
        (
            "予算0円から始めたkintone活用",
            "山形県 飯豊町",
            6203,
            "申請の入力時間",
            "年420",
            "年60",
            "時間",
        ),
        (
            "見守り訪問記録をkintoneに",
            "山形県 大江町",
            7062,
            "訪問記録の転記",
            "月30",
            "月2",
            "時間",
        ),
    ]


def test_a_pack_without_recorded_figures_has_no_empty_results_section(client, zero_yen_kintone):
    token = make_token([zero_yen_kintone[0].pk], "064033")
    assert "導入自治体が記録した成果" not in client.get(f"/evidence/pack/{token}/").content.decode()


def test_the_pack_page_query_count_does_not_grow_with_adopters(
    client, full_renders, zero_yen_kintone, django_assert_max_num_queries
):
    shimotsuma = zero_yen_kintone[0]
    adopt_with_figures(shimotsuma, "064033", "申請の入力時間", "年420", "年60")
    token = make_token([shimotsuma.pk], "064033")
    client.get(f"/evidence/pack/{token}/")
    with django_assert_max_num_queries(30) as few:
        client.get(f"/evidence/pack/{token}/")
    baseline = len(few.captured_queries)
    for code in ("063215", "063223", "063231", "314013", "064017"):
        adopt_with_figures(shimotsuma, code, "申請の入力時間", "年300", "年50")
    token = make_token([shimotsuma.pk], "064033", made_on=datetime.date(2026, 1, 5))
    client.get(f"/evidence/pack/{token}/")
    # The town, the cases with their municipality, metrics, funding and follow-ups, the
    # templates, every adopter with its municipality (one query, however many), routing.
    with django_assert_max_num_queries(baseline):
        body = client.get(f"/evidence/pack/{token}/").content.decode()
    assert body.count("年300 時間") == 5
