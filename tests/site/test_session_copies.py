"""Sessions are read from a copy in Redis (community/accounts/sessions.py), and the
database stays their record: signing out anywhere is seen everywhere, a copy read
before a sign-out never comes back, and an outage or a lost write signs nobody in.
(A Redis restarted from a snapshot: tests/site/test_redis_outage.py.)"""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.accounts.sessions import KEY_PREFIX, SessionStore

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
LIST = "/casestudies/"


def log_in(client, user):
    assert client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "sessionid" in client.cookies


def signed_in(client) -> bool:
    return client.get("/members/me/").status_code == 200


def copy_of(client, client_for):
    """Another browser (or a thief) with the same session cookie."""
    other = client_for(None)
    other.cookies.load({"sessionid": client.cookies["sessionid"].value})
    return other


def test_a_signed_in_page_from_the_cache_reads_no_session_row(
    client_for, throwaway_redis, member, case_study_factory
):
    throwaway_redis()
    case_study_factory()
    client = client_for(member)
    client.get(LIST)
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response["X-Page-Cache"] == "member-hit"
    assert "マイアカウント" in response.content.decode()
    assert queries.captured_queries == []  # session, member, page and menu: all from Redis


def test_signing_out_in_one_browser_signs_out_every_copy_of_the_session(
    client, client_for, throwaway_redis, member
):
    throwaway_redis()
    log_in(client, member)
    stolen = copy_of(client, client_for)
    assert signed_in(stolen)  # its copy is in Redis now
    client.post("/accounts/logout/")
    assert not signed_in(stolen)
    assert not signed_in(client)


def test_a_request_that_read_the_session_before_the_sign_out_cannot_bring_it_back(
    client, client_for, throwaway_redis, member
):
    """The row was read by a request on another worker just before the sign-out
    deleted it; that request stores its copy just after."""
    throwaway_redis()
    log_in(client, member)
    session_key = client.cookies["sessionid"].value
    row = SessionStore(session_key)._get_session_from_db()
    stolen = copy_of(client, client_for)
    client.post("/accounts/logout/")

    from django.core.cache import cache

    cache.keep_session(KEY_PREFIX + session_key, row.session_data, 3600)
    cache.change_session(KEY_PREFIX + session_key, row.session_data, 3600)
    assert not signed_in(stolen)


def test_a_sign_out_redis_missed_is_not_undone_when_it_answers_again(
    client, client_for, throwaway_redis, member
):
    redis = throwaway_redis()
    log_in(client, member)
    stolen = copy_of(client, client_for)
    assert signed_in(stolen)
    redis.pause()
    client.post("/accounts/logout/")  # the tombstone times out: a lost write
    assert not signed_in(stolen)  # the database answers meanwhile
    redis.resume()
    time.sleep(0.4)  # the process asks Redis again after RETRY_AFTER_SECONDS
    assert not signed_in(stolen)
    assert not signed_in(client)


def test_a_member_stays_signed_in_through_a_redis_restart(client, throwaway_redis, member):
    redis = throwaway_redis()
    log_in(client, member)
    assert signed_in(client)
    redis.restart()
    assert signed_in(client)
    assert signed_in(client)  # its copy stored again, under the new run


# A signed-in request reads its session and the entries it reads first (the member's
# row, the page kept for them or shared with their audience, their menu) in one round
# trip, once this process knows whose session it is; they are used only for that member.


@pytest.fixture
def round_trips(monkeypatch):
    """Each command (or pipeline of commands) sent to Redis: one round trip."""
    from redis.connection import AbstractConnection

    sent = []
    send = AbstractConnection.send_packed_command

    def counted(self, command, check_health=True):
        sent.append(command)
        return send(self, command, check_health)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counted)
    return sent


def test_a_cached_page_for_a_member_costs_one_round_trip_to_redis_and_no_query(
    client_for, throwaway_redis, member, case_study_factory, round_trips
):
    throwaway_redis()
    case_study_factory()
    client = client_for(member)
    for url in (LIST, "/"):
        client.get(url)
        client.get(url)
        round_trips.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response["X-Page-Cache"] == "member-hit", url
        assert "マイアカウント" in response.content.decode()
        assert queries.captured_queries == [], url
        assert len(round_trips) == 1, url  # the session, row, page, menu and tags' times


def test_a_deactivated_member_is_signed_out_though_their_row_is_read_with_the_session(
    client_for, throwaway_redis, member, django_capture_on_commit_callbacks, round_trips
):
    throwaway_redis()
    reader = client_for(member)
    reader.get(LIST)
    reader.get(LIST)  # the row and page now come with the session
    member.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        member.save()
    response = reader.get(LIST)
    assert "マイアカウント" not in response.content.decode()
    assert not signed_in(reader)


def test_entries_read_with_a_session_serve_only_the_member_it_belongs_to(
    client_for, throwaway_redis, member, other_town_staff
):
    """Were this process wrong about whose session it is, it would read another
    member's row and kept page with it: the session's own member is served regardless
    (what was read is keyed on the member it belongs to), and the process learns."""
    from community.accounts import sessions

    throwaway_redis()
    theirs, mine = client_for(other_town_staff), client_for(member)
    my_dashboard = heading(mine.get("/"))
    theirs.get("/")
    assert heading(theirs.get("/")) != my_dashboard  # theirs is kept, and differs
    sessions._members[mine.cookies["sessionid"].value] = str(other_town_staff.pk)
    assert heading(mine.get("/")) == my_dashboard
    assert sessions._members[mine.cookies["sessionid"].value] == str(member.pk)


def heading(response) -> str:
    html = response.content.decode()
    return html[html.index("<h1") : html.index("</h1>")]
