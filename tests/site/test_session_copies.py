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
