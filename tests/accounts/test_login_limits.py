"""Log-in limits slow a guesser down without letting a stranger lock an officer out
(issue 12, finding 7): per-account delays instead of refusing the right password,
a 429 with a clear message, and per-IP limits on the client's own address behind
the trusted proxies."""

import pytest
from django.test import Client

from community.accounts import login_limits

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def clock(monkeypatch):
    """The limits' clock, moved on by hand: ``clock.advance(seconds)``."""

    class Clock:
        now = 1_900_000_000.0

        def advance(self, seconds):
            self.now += seconds

    clock = Clock()
    monkeypatch.setattr(login_limits, "now", lambda: clock.now)
    return clock


def log_in(client, email, password=PASSWORD, **headers):
    return client.post("/accounts/login/", {"login": email, "password": password}, **headers)


def signed_in(client) -> bool:
    return client.get("/members/me/").status_code == 200


def test_after_five_wrong_passwords_the_right_one_works_once_a_short_wait_is_over(
    client, member, clock
):
    for _attempt in range(5):
        response = log_in(client, member.email, "wrong-password")
        assert response.status_code == 200  # the form again, with its error
    refused = log_in(client, member.email)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "1"
    assert "しばらくしてからお試しください" in refused.content.decode()
    assert not signed_in(client)

    clock.advance(1)
    assert log_in(client, member.email).status_code == 302
    assert signed_in(client)


def test_each_further_wrong_password_doubles_the_wait(client, member, clock):
    for _attempt in range(5):
        log_in(client, member.email, "wrong-password")
    waits = []
    for _attempt in range(4):
        refused = log_in(client, member.email, "wrong-password")
        assert refused.status_code == 429
        waits.append(int(refused["Retry-After"]))
        clock.advance(waits[-1])
        assert log_in(client, member.email, "wrong-password").status_code == 200
    assert waits == [1, 2, 4, 8]


def test_an_attempt_inside_the_wait_is_refused_without_the_password_being_checked(
    client, member, clock
):
    """Otherwise the wait would tell a guesser which password is right."""
    for _attempt in range(5):
        log_in(client, member.email, "wrong-password")
    refused = log_in(client, member.email)
    assert refused.status_code == 429
    clock.advance(1)
    assert log_in(client, member.email, "wrong-password").status_code == 200
    assert log_in(client, member.email).status_code == 429  # right password, still waits


def test_a_stranger_guessing_cannot_keep_an_officer_out_of_their_own_browser(
    member, other_town_staff, clock
):
    officer = Client()
    assert log_in(officer, member.email).status_code == 302
    officer.post("/accounts/logout/")
    assert not signed_in(officer)

    stranger = Client()
    for _attempt in range(12):
        log_in(stranger, member.email, "guess")
        clock.advance(1)
    assert log_in(stranger, member.email).status_code == 429

    assert log_in(officer, member.email).status_code == 302
    assert signed_in(officer)


def test_a_trusted_browser_that_guesses_is_slowed_down_too(member, clock):
    browser = Client()
    assert log_in(browser, member.email).status_code == 302
    browser.post("/accounts/logout/")
    for _attempt in range(5):
        assert log_in(browser, member.email, "wrong-password").status_code == 200
    assert log_in(browser, member.email).status_code == 429


def test_a_forged_device_cookie_is_not_trusted(member, clock):
    stranger = Client()
    for _attempt in range(5):
        log_in(stranger, member.email, "guess")
    stranger.cookies[login_limits.DEVICE_COOKIE] = "eyJmYWtlIjoiMSJ9:forged:signature"
    assert log_in(stranger, member.email).status_code == 429


def test_a_password_reset_clears_the_wait(client, member, clock):
    from allauth.account.adapter import get_adapter
    from django.test import RequestFactory

    for _attempt in range(6):
        log_in(client, member.email, "wrong-password")
    assert log_in(client, member.email).status_code == 429
    # What allauth calls when a password reset from the emailed key succeeds.
    get_adapter()._delete_login_attempts_cached_email(
        RequestFactory().post("/"), email=member.email
    )
    assert log_in(client, member.email).status_code == 302


def test_wrong_passwords_on_one_account_do_not_slow_colleagues_behind_the_same_gateway(
    client, member, other_town_staff, clock
):
    for _attempt in range(8):
        log_in(client, member.email, "wrong-password")
    assert log_in(client, other_town_staff.email).status_code == 302


# --- Per IP, behind the trusted proxies ----------------------------------------


OFFICE = "198.51.100.7"


@pytest.fixture
def office_at_its_limit(settings):
    """``office_at_its_limit(proxies=n)``: behind ``n`` trusted proxies, the office
    at OFFICE has used up the per-IP limit (3 wrong passwords here, each on another
    account so that no per-account wait plays a part)."""

    def fail(*, proxies: int) -> None:
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies
        for n in range(3):
            log_in(Client(), f"nobody{n}@example.com", "guess", HTTP_X_FORWARDED_FOR=OFFICE)

    return fail


def test_behind_the_proxy_each_client_address_has_its_own_per_ip_limit(office_at_its_limit, member):
    office_at_its_limit(proxies=1)
    refused = log_in(Client(), member.email, HTTP_X_FORWARDED_FOR=OFFICE)
    assert refused.status_code == 429
    assert "しばらくしてからお試しください" in refused.content.decode()
    # Another office behind the same nginx (same socket address) still signs in.
    assert log_in(Client(), member.email, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 302


def test_an_address_the_client_writes_itself_into_the_header_is_not_believed(
    office_at_its_limit, member
):
    """nginx appends the address it saw: only that last entry counts."""
    office_at_its_limit(proxies=1)
    spoofed = log_in(Client(), member.email, HTTP_X_FORWARDED_FOR=f"203.0.113.9, {OFFICE}")
    assert spoofed.status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(office_at_its_limit, member):
    office_at_its_limit(proxies=0)
    assert log_in(Client(), member.email, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429


def test_the_trusted_proxy_count_comes_from_the_environment(monkeypatch):
    import importlib

    from yokoten.settings import base

    monkeypatch.setenv("YOKOTEN_TRUSTED_PROXY_COUNT", "2")
    try:
        assert importlib.reload(base).ALLAUTH_TRUSTED_PROXY_COUNT == 2
    finally:
        monkeypatch.delenv("YOKOTEN_TRUSTED_PROXY_COUNT")
        importlib.reload(base)
