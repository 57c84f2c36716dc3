"""When Redis is down, hung or restarted, the site degrades instead of failing
(yokoten/cache.py): pages render in full, members still sign in and post, log-in
limits still refuse, and a restart neither signs anyone out nor brings back a
session that was signed out."""

import time

import pytest

from community.forum.models import Board, Question

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def log_in(client, user, password=PASSWORD):
    return client.post("/accounts/login/", {"login": user.email, "password": password})


def signed_in(client) -> bool:
    return client.get("/members/me/").status_code == 200


@pytest.mark.usefixtures("unreachable_redis")
def test_anonymous_pages_and_the_api_answer_with_redis_unreachable(client):
    for _visit in range(2):
        page = client.get("/municipalities/082104/")
        assert page.status_code == 200
        assert "下妻市" in page.content.decode()
        assert client.get("/forum/").status_code == 200
        api = client.get("/api/v1/municipalities?prefecture=08&q=しもつま")
        assert api.status_code == 200
        assert [item["code"] for item in api.json()["items"]] == ["082104"]


@pytest.mark.usefixtures("unreachable_redis")
def test_members_sign_in_and_ask_with_redis_unreachable(client, member):
    board = Board.objects.get(slug="kintone-nocode")
    assert log_in(client, member).status_code == 302
    assert signed_in(client)
    response = client.post(
        "/forum/ask/",
        {"board": board.pk, "title": "障害中でも質問できますか", "body": "本文です。"},
    )
    question = Question.objects.get(title="障害中でも質問できますか")
    assert response["Location"] == question.get_absolute_url()
    assert "障害中でも質問できますか" in client.get(question.get_absolute_url()).content.decode()


@pytest.mark.usefixtures("unreachable_redis")
def test_log_in_and_password_reset_limits_still_refuse_with_redis_unreachable(client, member):
    for _attempt in range(5):
        assert log_in(client, member, "wrong-password").status_code == 200
    refused = log_in(client, member)
    assert refused.status_code == 429  # a wait before the next attempt, counted in the database
    assert "しばらくしてからお試しください" in refused.content.decode()
    assert not signed_in(client)

    for _attempt in range(3):
        assert client.post("/accounts/password/reset/", {"email": member.email}).status_code == 302
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 429
    assert "しばらくしてからもう一度お試しください" in response.content.decode()


@pytest.mark.usefixtures("unreachable_redis")
def test_the_sign_up_limit_still_refuses_with_redis_unreachable(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for number in range(2):
        form = {"email": f"new{number}@town.example.jp", "password1": "kintone-2026-demo"}
        assert (
            client.post("/accounts/signup/", {**form, "password2": form["password1"]}).status_code
            == 302
        )
    refused = client.post("/accounts/signup/", {"email": "new9@town.example.jp"})
    assert refused.status_code == 429
    assert "しばらくしてからもう一度お試しください" in refused.content.decode()


@pytest.mark.usefixtures("hung_redis")
def test_a_hung_redis_costs_one_short_wait_then_none(client, monkeypatch, caplog):
    """Each page makes several cache calls; only the first waits for the timeout,
    the rest skip Redis until it is asked again (RETRY_AFTER_SECONDS)."""
    from yokoten import cache as redis_cache

    monkeypatch.setattr(redis_cache, "RETRY_AFTER_SECONDS", 60)
    started = time.monotonic()
    assert client.get("/municipalities/082104/").status_code == 200
    assert time.monotonic() - started < 2  # one 0.2 s timeout and a full render
    assert client.get("/municipalities/").status_code == 200
    assert client.get("/forum/").status_code == 200
    timeouts = [record for record in caplog.records if record.name == "yokoten.cache"]
    assert len(timeouts) == 1
    assert "Timeout" in timeouts[0].getMessage()


def test_invalidations_lost_while_redis_hung_empty_the_cache_once_it_answers(
    client, throwaway_redis, shimotsuma
):
    redis = throwaway_redis()
    client.get("/municipalities/082104/")
    assert client.get("/municipalities/082104/")["X-Page-Cache"] == "hit"

    redis.pause()
    shimotsuma.population = 99_999
    shimotsuma.save()  # its retirement times out: lost
    assert client.get("/municipalities/082104/").status_code == 200
    redis.resume()
    time.sleep(0.4)  # the process asks Redis again after RETRY_AFTER_SECONDS

    response = client.get("/municipalities/082104/")
    assert response["X-Page-Cache"] == "miss"  # not the page cached before the write
    assert "99,999" in response.content.decode()


def test_a_redis_crash_and_restart_signs_nobody_out_and_brings_back_no_signed_out_session(
    client, client_for, throwaway_redis, member
):
    """Even with snapshot persistence on (which production's redis.conf turns off),
    the snapshot taken while a session was alive does not revive it: sessions live
    in the database."""
    redis = throwaway_redis(persistent=True)
    assert log_in(client, member).status_code == 302
    stolen = client_for(None)  # the same session cookie, copied into another browser
    stolen.cookies.load({"sessionid": client.cookies["sessionid"].value})
    redis.command("SAVE")

    redis.restart()
    assert signed_in(client)
    assert signed_in(stolen)

    client.post("/accounts/logout/")
    redis.restart()  # back to the snapshot taken while the session was alive
    assert not signed_in(stolen)
    assert not signed_in(client)


def test_log_in_limits_survive_a_redis_restart(client, throwaway_redis, member):
    redis = throwaway_redis()
    for _attempt in range(5):
        log_in(client, member, "wrong-password")
    redis.restart()
    refused = log_in(client, member)  # the right password, still inside the delay
    assert refused.status_code == 429
    assert "アカウント保護のため、しばらくしてからお試しください" in refused.content.decode()
    assert not signed_in(client)


@pytest.mark.usefixtures("unreachable_redis")
def test_cache_calls_during_an_outage_are_misses_logged_not_raised(caplog):
    from django.core.cache import cache

    cache.set("key", "value")
    assert cache.get("key", "default") == "default"
    assert cache.get_or_set("key", "computed") == "computed"
    assert cache.add("key", "value") is False
    with pytest.raises(ValueError, match="not found"):  # as for a missing key: callers set()
        cache.incr("key")
    assert [record.levelname for record in caplog.records] == ["WARNING"]  # once an outage
    assert "Redis is unavailable" in caplog.records[0].getMessage()
