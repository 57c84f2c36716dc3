"""RSS per board and per tag."""

import xml.etree.ElementTree as ET

import pytest

from community.forum import services

pytestmark = pytest.mark.django_db


def items(response) -> list[str]:
    assert response["Content-Type"].startswith("application/rss+xml")
    return [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]


def test_a_board_feed_lists_its_visible_questions_newest_first(
    client, question_factory, shimotsuma_staff, moderator
):
    first = question_factory(shimotsuma_staff, title="一つ目")
    question_factory(shimotsuma_staff, title="二つ目")
    hidden = question_factory(shimotsuma_staff, title="非表示")
    services.hide_post(hidden, actor=moderator, reason="重複")
    response = client.get("/forum/feeds/boards/kintone-nocode/")
    assert items(response) == ["二つ目", "一つ目"]
    assert first.get_absolute_url() in response.content.decode()


def test_a_tag_feed_lists_questions_with_that_tag(client, question_factory, shimotsuma_staff):
    question_factory(shimotsuma_staff, title="RPAの質問", tags=["RPA"])
    question_factory(shimotsuma_staff, title="kintoneの質問", tags=["kintone"])
    assert items(client.get("/forum/feeds/tags/rpa/")) == ["RPAの質問"]


def test_feed_bodies_are_the_sanitised_html(client, question_factory, shimotsuma_staff):
    question_factory(shimotsuma_staff, title="危険", body="<script>alert(1)</script> **太字**")
    raw = client.get("/forum/feeds/boards/kintone-nocode/").content.decode()
    description = ET.fromstring(raw).find("channel/item/description").text
    assert "<strong>太字</strong>" in description and "<script" not in description
