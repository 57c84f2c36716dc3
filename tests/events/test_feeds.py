"""RSS and Atom of events, per tag: valid XML, what the reader may see, linked from the
event list with <link rel="alternate">, and a constant number of queries."""

import xml.etree.ElementTree as ET

import pytest

from community.events import services

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(response) -> list[str]:
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    return [item.findtext("title") for item in root.iter("item")]


def test_the_rss_of_a_tag_lists_its_public_events_newest_first(
    client, make_event, shimotsuma_staff
):
    make_event(shimotsuma_staff, title="kintone 勉強会 第1回", tags=["kintone"])
    second = make_event(shimotsuma_staff, title="kintone 勉強会 第2回", tags=["kintone"])
    make_event(shimotsuma_staff, title="生成AI 勉強会", tags=["生成AI"])
    make_event(shimotsuma_staff, title="職員だけの会", tags=["kintone"], audience="staff")
    make_event(shimotsuma_staff, title="半年前の会", tags=["kintone"], days=-200)
    services.cancel_event(second, actor=shimotsuma_staff)

    titles = rss_titles(client.get("/events/feed/?tag=KINTONE"))
    assert titles == ["【中止】kintone 勉強会 第2回", "kintone 勉強会 第1回"]
    assert len(rss_titles(client.get("/events/feed/"))) == 3


def test_the_atom_feed_is_valid_and_staff_see_staff_events(
    client_for, make_event, shimotsuma_staff
):
    make_event(shimotsuma_staff, title="職員だけの会", tags=["kintone"], audience="staff")
    response = client_for(shimotsuma_staff).get("/events/feed/atom/?tag=kintone")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")] == [
        "職員だけの会"
    ]
    assert root.findtext(f"{ATOM}title") == "横展開 イベント：kintone"


def test_the_event_list_links_the_feeds_of_its_tag(client, db):
    page = client.get("/events/?tag=研修").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="横展開 イベント：研修 (RSS)"'
        ' href="/events/feed/?tag=%E7%A0%94%E4%BF%AE">'
    ) in page
    assert 'type="application/atom+xml"' in page and 'href="/events/feed/atom/?tag=' in page


def test_the_feed_queries_do_not_grow_with_its_events(
    client, make_event, shimotsuma_staff, django_assert_num_queries
):
    make_event(shimotsuma_staff, tags=["kintone"])
    # The events with their organisers, their tags.
    with django_assert_num_queries(2):
        client.get("/events/feed/?tag=kintone")
    for number in range(10):
        make_event(shimotsuma_staff, title=f"勉強会 {number}", tags=["kintone", f"t{number}"])
    with django_assert_num_queries(2):
        assert len(rss_titles(client.get("/events/feed/?tag=kintone"))) == 11
