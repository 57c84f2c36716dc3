"""Upcoming events on the front door (the next public ones) and on the dashboard (what I
signed up for, then the next others I may join), in a constant number of queries; a
new event shows on the cached front door at once."""

import pytest

from community.events import services

pytestmark = pytest.mark.django_db

HOME = "/"


def section(html: str) -> str:
    start = html.index('id="upcoming-events-heading"')
    return html[start : html.find("</section>", start)]


def test_visitors_see_the_next_public_events(client, make_event, shimotsuma_staff):
    make_event(shimotsuma_staff, days=3, title="kintone 勉強会")
    make_event(shimotsuma_staff, days=4, title="職員だけの会", audience="staff")
    make_event(shimotsuma_staff, days=-2, title="終わった会")
    called_off = make_event(shimotsuma_staff, days=5, title="中止した会")
    services.cancel_event(called_off, actor=shimotsuma_staff)
    for day in range(6, 10):
        make_event(shimotsuma_staff, days=day, title=f"勉強会 {day}日後")

    shown = section(client.get(HOME).content.decode())
    assert "kintone 勉強会" in shown and "勉強会 6日後" in shown and "勉強会 7日後" in shown
    assert "勉強会 8日後" not in shown  # three at most
    for hidden in ("職員だけの会", "終わった会", "中止した会"):
        assert hidden not in shown
    assert 'href="/events/"' in shown


def test_the_dashboard_lists_my_events_first_then_others(
    client_for, make_event, shimotsuma_staff, member, other_town_staff
):
    full = make_event(shimotsuma_staff, days=9, capacity=1, title="満席の会")
    services.rsvp(full, other_town_staff)
    services.rsvp(full, member)  # waiting
    coming = make_event(shimotsuma_staff, days=10, title="参加する会")
    services.rsvp(coming, member)
    off = make_event(shimotsuma_staff, days=11, title="中止になった会")
    services.rsvp(off, member)
    services.cancel_event(off, actor=shimotsuma_staff)
    make_event(shimotsuma_staff, days=2, title="まだ申し込んでいない会")

    shown = section(client_for(member).get(HOME).content.decode())
    mine, others = shown.split("ほかの予定")
    assert "満席の会" in mine and "キャンセル待ち" in mine
    assert "参加する会" in mine and "中止になった会" in mine and "中止</span>" in mine
    assert "まだ申し込んでいない会" in others
    assert "参加する会" not in others


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_the_events_cost_the_same_queries_however_many(
    full_renders,
    request,
    client_for,
    make_event,
    shimotsuma_staff,
    django_assert_num_queries,
    django_assert_max_num_queries,
    who,
):
    """The upcoming events add one query for visitors (the next events) and two for
    members (theirs, the others); the rest of the page has its own tests."""
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(user)
    first = make_event(shimotsuma_staff, days=3)
    if user:
        services.rsvp(first, user)
    client.get(HOME)  # a member's first view records the visit (and so reloads the member)
    client.get(HOME + "?warm")
    with django_assert_max_num_queries(40) as few:
        client.get(HOME + "?first")
    baseline = len(few.captured_queries)
    for day in range(4, 12):
        event = make_event(shimotsuma_staff, days=day, title=f"勉強会 {day}", tags=["kintone"])
        if user:
            services.rsvp(event, user)
    client.get(HOME + "?warm")
    with django_assert_num_queries(baseline):
        response = client.get(HOME + "?again")
    # Visitors: the next three; a member: five of their nine, none other left.
    assert section(response.content.decode()).count("<li>") == (3 if who == "anonymous" else 5)


def test_a_new_event_shows_on_the_cached_front_door_at_once(
    client, settings, make_event, shimotsuma_staff, django_assert_num_queries
):
    settings.YOKOTEN_PAGE_CACHE = True
    assert "オンライン勉強会" not in client.get(HOME).content.decode()
    with django_assert_num_queries(0):
        client.get(HOME)
    make_event(shimotsuma_staff, title="オンライン勉強会")
    assert "オンライン勉強会" in section(client.get(HOME).content.decode())
