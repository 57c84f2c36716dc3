"""One breadcrumb component (templates/components/breadcrumbs.html) on every page type
that shows a trail: a named navigation landmark, home first, each step a link, the
page being read last, as text marked aria-current="page"."""

import re

import pytest

from tests.visits.conftest import make_offer

pytestmark = pytest.mark.django_db


def trail(body: str) -> tuple[list[str], str]:
    """(the linked steps' texts, the current page's text) of the page's one trail."""
    navs = re.findall(r'<nav class="breadcrumbs" aria-label="([^"]+)">(.*?)</nav>', body, re.S)
    assert len(navs) == 1, "one breadcrumb trail"
    label, inside = navs[0]
    assert label == "パンくずリスト"
    links = [
        re.sub(r"<[^>]+>", "", text).strip()
        for text in re.findall(r"<a [^>]*>(.*?)</a>", inside, re.S)
    ]
    current = re.findall(r'<span aria-current="page">(.*?)</span>\s*</li>', inside, re.S)
    assert len(current) == 1, "the page being read ends the trail"
    assert inside.count("aria-current") == 1
    return links, re.sub(r"<[^>]+>", "", current[0]).strip()


def test_a_case_study(client, case_study_factory):
    case = case_study_factory(title="窓口の電子申請")
    assert trail(client.get(case.url).content.decode()) == (["ホーム", "事例"], "窓口の電子申請")


def test_a_question_its_board_and_its_history(client, question_factory, shimotsuma_staff):
    question = question_factory(shimotsuma_staff, title="kintoneの権限設定")
    links, current = trail(client.get(question.get_absolute_url()).content.decode())
    assert links[:2] == ["ホーム", "Q&A掲示板"] and len(links) == 3  # and its board
    assert current == "kintoneの権限設定"
    links, current = trail(client.get(question.board.get_absolute_url()).content.decode())
    assert links == ["ホーム", "Q&A掲示板"] and current == question.board.name


def test_a_municipality(client):
    links, current = trail(client.get("/municipalities/082104/").content.decode())
    assert links == ["ホーム", "自治体", "茨城県"] and current == "下妻市"


def test_a_visit_offer(client, shimotsuma_staff):
    offer = make_offer(shimotsuma_staff, title="kintone活用の視察")
    links, current = trail(client.get(f"/visits/offers/{offer.pk}/").content.decode())
    assert links == ["ホーム", "視察・交流"] and current == "kintone活用の視察"


def test_english_pages_mark_japanese_steps(client, case_study_factory):
    case = case_study_factory(title="窓口の電子申請")
    body = client.get("/en" + case.url).content.decode()
    nav = body.split('<nav class="breadcrumbs"')[1].split("</nav>")[0]
    assert 'aria-label="Breadcrumbs"' in nav
    assert '<span aria-current="page"><span lang="ja">窓口の電子申請</span></span>' in nav


def test_an_event(client, make_event, shimotsuma_staff):
    event = make_event(shimotsuma_staff, title="kintone 勉強会")
    links, current = trail(client.get(event.get_absolute_url()).content.decode())
    assert links == ["ホーム", "イベント"] and current == "kintone 勉強会"
