"""Finding a host (/visits/) and publishing an offer."""

import datetime
import re

import pytest
from wagtail.models import Page

from community.visits import services
from community.visits.models import VisitOffer

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    return [offer.municipality.name for offer in response.context["page"].object_list]


@pytest.fixture
def hosts(offer_factory, shimotsuma_staff, other_town_staff, third_town_staff):
    """下妻市 (42,071, kintone), 飯豊町 (6,203, online only, fee), つくば市 (≈259,000, no council members)."""
    return {
        "下妻市": offer_factory(shimotsuma_staff, tools=("kintone",), categories=("efficiency",)),
        "飯豊町": offer_factory(
            other_town_staff,
            title="ひとり情報担当でもできるLoGoフォーム電子申請",
            summary="スマートフォンから申請できる手続きを増やした経験をお話しします。",
            formats=("online",),
            tools=("logoform",),
            categories=("online-services",),
            fee_yen=3000,
        ),
        "つくば市": offer_factory(
            third_town_staff,
            title="RPA・AI-OCRで進める定型業務の自動化",
            summary="紙の申請書の読み取りから入力までを自動化しました。",
            formats=("onsite", "exchange"),
            tools=("rpa", "ai-ocr"),
            categories=("efficiency", "paperless"),
            accepts_council_members=False,
        ),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"下妻市", "飯豊町", "つくば市"}),
        ({"population_band": "5k_10k"}, {"飯豊町"}),
        ({"population_band": "30k_50k"}, {"下妻市"}),
        ({"prefecture": "08"}, {"下妻市", "つくば市"}),
        ({"region": "tohoku"}, {"飯豊町"}),
        ({"format": "exchange"}, {"つくば市"}),
        ({"online": "on"}, {"下妻市", "飯豊町"}),
        ({"free": "on"}, {"下妻市", "つくば市"}),
        ({"council_members": "on"}, {"下妻市", "飯豊町"}),
        ({"tool": "kintone"}, {"下妻市"}),
        ({"category": "efficiency"}, {"下妻市", "つくば市"}),
        ({"category": "efficiency", "prefecture": "08", "council_members": "on"}, {"下妻市"}),
        ({"q": "kintone"}, {"下妻市"}),
        ({"q": "スマホ申請"}, {"飯豊町"}),  # found through the synonym スマートフォン
        ({"q": "しもつま"}, {"下妻市"}),
    ],
)
def test_filters_find_the_right_hosts(client, hosts, params, expected):
    from community.search.models import SynonymGroup

    SynonymGroup.objects.get_or_create(terms="スマホ\nスマートフォン")
    response = client.get("/visits/", params)
    assert response.status_code == 200
    assert set(listed(response)) == expected


def test_the_list_shows_what_a_visitor_needs_to_choose(client, hosts):
    body = client.get("/visits/").content.decode()
    assert "茨城県 下妻市" in body and "42,071人" in body and "3万〜5万" in body
    assert "無料" in body and "3,000円" in body
    assert "現地視察" in body and "オンライン視察" in body
    assert len(re.findall(r"<h1[\s>]", body)) == 1


def test_withdrawn_offers_are_not_listed(client, hosts, other_town_staff):
    services.withdraw_offer(hosts["飯豊町"], actor=other_town_staff)
    assert set(listed(client.get("/visits/"))) == {"下妻市", "つくば市"}


def test_an_empty_list_says_so_and_suggests_widening(client, hosts):
    body = client.get("/visits/", {"q": "存在しない取り組み"}).content.decode()
    assert "条件に合う受入先はありません" in body
    assert "0件" in body


def test_the_list_is_paginated_and_keeps_filters(client, hosts, settings):
    settings.YOKOTEN_PAGE_SIZE = 1
    response = client.get("/visits/", {"free": "on"})
    assert response.context["page"].paginator.count == 2
    assert "free=on&amp;page=2" in response.content.decode()


def test_invalid_filters_show_an_error(client, hosts):
    response = client.get("/visits/", {"population_band": "huge"})
    assert response.status_code == 200
    assert not response.context["page"].object_list
    assert "「huge」は選択肢にありません。" in response.content.decode()


def test_list_query_count_does_not_grow_with_offers_or_filters(
    client, django_assert_num_queries, warm_caches, offer_factory, shimotsuma_staff, settings
):
    topic = Page.objects.get(depth=2).add_child(
        instance=Page(title="kintone導入事例", slug="kintone-case")
    )
    warm_caches("/visits/", "/visits/?q=kintone")
    for count in (1, 6):
        while VisitOffer.objects.count() < count:
            offer_factory(
                shimotsuma_staff, title=f"視察 {VisitOffer.objects.count()}", topics=[topic]
            )
        for params in ({}, {"population_band": "30k_50k", "online": "on", "tool": "kintone"}):
            # 1 COUNT, 2 the page of offers with host and prefecture, 3 their tools,
            # 4 their categories, 5 their live topic pages (the prefecture, tool and
            # category choices come from the cache); the facet counts: 6 the bands,
            # formats, prefectures, regions and yes/no filters (one aggregate), 7 the
            # GROUP BY counts of tools and categories (an offer has many), in one UNION.
            with django_assert_num_queries(7):
                client.get("/visits/", params)
        # With keywords: 8 the full-text search itself.
        with django_assert_num_queries(8):
            client.get("/visits/", {"q": "kintone"})


def test_the_offer_page_shows_terms_free_days_and_blackouts(client, kintone_offer):
    response = client.get(f"/visits/offers/{kintone_offer.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r"<h1[\s>]", body)) == 1
    assert "6月定例会" in body and "最大8名" in body and "30日前まで" in body
    assert len(response.context["free_days"]) == 5
    # Anonymous visitors log in first, then come back to the form.
    assert f'href="/visits/offers/{kintone_offer.pk}/request/"' not in body
    assert "ログインして視察を申し込む" in body
    assert f"/accounts/login/?next=/visits/offers/{kintone_offer.pk}/request/" in body


def test_the_offer_page_links_live_topics_only(client, kintone_offer, shimotsuma_staff):
    home = Page.objects.get(depth=2)
    live = home.add_child(instance=Page(title="kintone庁内アンケート事例", slug="kintone-survey"))
    draft = home.add_child(instance=Page(title="下書きの事例", slug="draft-case", live=False))
    kintone_offer.refresh_from_db()
    services.publish_offer(kintone_offer, actor=shimotsuma_staff, topics=[live, draft])
    body = client.get(f"/visits/offers/{kintone_offer.pk}/").content.decode()
    assert "kintone庁内アンケート事例" in body and live.url in body
    assert "下書きの事例" not in body


def test_offer_page_query_count(
    client, django_assert_num_queries, kintone_offer, request_factory, other_town_staff
):
    # 1 the offer with its host and prefecture, 2 its blackout periods, 3 its tools,
    # 4 its categories, 5 its live topic pages, 6 days already confirmed (free dates),
    # 7 published reports.
    with django_assert_num_queries(7):
        client.get(f"/visits/offers/{kintone_offer.pk}/")
    request_factory(kintone_offer, other_town_staff, status="done")
    with django_assert_num_queries(7):
        client.get(f"/visits/offers/{kintone_offer.pk}/")


def test_an_unpublished_offer_is_only_for_its_host(
    client_for, offer_factory, shimotsuma_staff, member, other_town_staff
):
    offer = offer_factory(shimotsuma_staff, published=False)
    for outsider in (None, member, other_town_staff):
        assert client_for(outsider).get(f"/visits/offers/{offer.pk}/").status_code == 404
    assert client_for(shimotsuma_staff).get(f"/visits/offers/{offer.pk}/").status_code == 200


def offer_post(**overrides):
    data = {
        "title": "kintoneで進める庁内業務改善",
        "summary": "アプリの実演と意見交換",
        "formats": ["onsite", "online"],
        "tools": ["kintone"],
        "categories": ["efficiency"],
        "weekdays": ["1", "2", "3"],
        "start_time": "10:00",
        "duration_minutes": "90",
        "max_party_size": "8",
        "lead_time_days": "30",
        "fee_yen": "0",
        "contact_department": "DX推進課",
        "notify_email": "dx@city.shimotsuma.lg.jp",
        "accepts_council_members": "on",
        "blackouts-TOTAL_FORMS": "2",
        "blackouts-INITIAL_FORMS": "0",
        "blackouts-MIN_NUM_FORMS": "0",
        "blackouts-MAX_NUM_FORMS": "30",
        "blackouts-0-label": "9月定例会",
        "blackouts-0-starts_on": "2027-09-01",
        "blackouts-0-ends_on": "2027-09-22",
    }
    data.update(overrides)
    return data


def test_verified_staff_publish_an_offer_for_their_own_municipality(client_for, shimotsuma_staff):
    client = client_for(shimotsuma_staff)
    page = client.get("/visits/offers/new/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    response = client.post("/visits/offers/new/", offer_post())
    offer = VisitOffer.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/visits/offers/{offer.pk}/"
    assert offer.municipality.code == "082104" and offer.is_published
    assert offer.weekday_list == [1, 2, 3] and [t.slug for t in offer.tool_list] == ["kintone"]
    blackout = offer.blackouts.get()
    assert (blackout.label, blackout.starts_on) == ("9月定例会", datetime.date(2027, 9, 1))


def test_a_failed_offer_form_keeps_what_was_typed(client_for, shimotsuma_staff):
    response = client_for(shimotsuma_staff).post(
        "/visits/offers/new/",
        offer_post(formats=[], **{"blackouts-0-ends_on": "2027-08-01"}),
    )
    body = response.content.decode()
    assert response.status_code == 200 and not VisitOffer.objects.exists()
    assert "kintoneで進める庁内業務改善" in body and "9月定例会" in body
    assert "期間の終わりは始まりより前にできません" in body


@pytest.mark.parametrize("who", ["member", "moderator"])
def test_people_who_are_not_verified_staff_are_told_how_to_become_so(
    client_for, member, moderator, who
):
    client = client_for({"member": member, "moderator": moderator}[who])
    body = client.get("/visits/offers/new/").content.decode()
    assert "認証済み職員" in body and "/members/me/verification/" in body
    assert client.post("/visits/offers/new/", offer_post()).status_code == 403
    assert not VisitOffer.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in_before_managing_offers(client, kintone_offer):
    for url in ("/visits/offers/new/", f"/visits/offers/{kintone_offer.pk}/edit/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post(f"/visits/offers/{kintone_offer.pk}/withdraw/").status_code == 302
    kintone_offer.refresh_from_db()
    assert kintone_offer.is_published


def test_only_the_hosts_staff_edit_or_withdraw_an_offer(
    client_for, kintone_offer, other_town_staff, member, moderator, shimotsuma_staff
):
    for outsider in (other_town_staff, member, moderator):
        client = client_for(outsider)
        assert client.get(f"/visits/offers/{kintone_offer.pk}/edit/").status_code == 403
        assert client.post(f"/visits/offers/{kintone_offer.pk}/withdraw/").status_code == 403
    client = client_for(shimotsuma_staff)
    edit = client.get(f"/visits/offers/{kintone_offer.pk}/edit/").content.decode()
    assert 'value="6月定例会"' in edit and "dx-desk@city.shimotsuma.lg.jp" in edit
    client.post(f"/visits/offers/{kintone_offer.pk}/withdraw/")
    kintone_offer.refresh_from_db()
    assert not kintone_offer.is_published
    response = client.post(
        f"/visits/offers/{kintone_offer.pk}/edit/", offer_post(title="再開しました")
    )
    kintone_offer.refresh_from_db()
    assert (
        response.status_code == 302
        and kintone_offer.is_published
        and kintone_offer.title == "再開しました"
    )


def test_the_notification_address_is_never_shown_to_visitors(client, kintone_offer):
    body = client.get(f"/visits/offers/{kintone_offer.pk}/").content.decode()
    assert "dx-desk@city.shimotsuma.lg.jp" not in body
    assert "dx-desk" not in client.get("/api/v1/visit-offers").content.decode()


def test_the_migration_keeps_every_offer_tool_and_category_even_one_the_list_lost(db):
    """visits 0004 turns ",kintone,logoform," into relations to community.taxonomy; a
    slug a moderator removed from the managed list comes back under its old name."""
    import importlib

    from community.taxonomy.models import Category, Tool

    migration = importlib.import_module(
        "community.visits.migrations.0004_offer_tools_and_categories_from_taxonomy"
    )
    Tool.objects.filter(slug="logochat").delete()
    found = migration.terms(Tool, "tool", migration.unpack(",kintone,logochat,"))
    assert [tool.slug for tool in found] == ["kintone", "logochat"]
    assert found[0] == Tool.objects.get(name="kintone")
    assert Tool.objects.get(slug="logochat").name == "LoGoチャット"
    assert [c.slug for c in migration.terms(Category, "category", ["paperless"])] == ["paperless"]


def test_offer_tools_are_the_managed_tools_and_filter_the_list(
    client, offer_factory, shimotsuma_staff, other_town_staff
):
    from community.taxonomy.models import Tool

    offer_factory(shimotsuma_staff, title="kintoneの視察", tools=("kintone",))
    offer_factory(other_town_staff, title="LINEの視察", tools=("line",))
    Tool.objects.filter(slug="line").update(name="LINE公式アカウント")
    response = client.get("/visits/", {"tool": "line"})
    assert [offer.title for offer in response.context["page"].object_list] == ["LINEの視察"]
    assert "LINE公式アカウント" in response.content.decode()  # the managed name, everywhere
    api = client.get("/api/v1/visit-offers", {"tool": "kintone"}).json()
    assert [item["tools"] for item in api["items"]] == [["kintone"]]


def test_hosts_are_counted_per_prefecture_region_format_tool_and_band(client, hosts):
    from tests.facets import shown_facets

    facets = shown_facets(client.get("/visits/"))
    assert facets["prefecture:08"] == 2 and facets["prefecture:06"] == 1
    assert facets["region:kanto"] == 2 and facets["region:tohoku"] == 1
    assert facets["format:exchange"] == 1 and facets["online:on"] == 2
    assert facets["tool:kintone"] == 1 and facets["tool:rpa"] == 1
    assert facets["population:5k_10k"] == 1
    narrowed = shown_facets(client.get("/visits/", {"region": "kanto"}))
    assert "prefecture:06" not in narrowed and narrowed["tool:logoform"] == 0
