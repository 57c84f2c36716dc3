"""Log-in limits that slow a guesser down and never lock an officer out.

Per account: the first ``FREE_FAILURES`` wrong passwords in a row cost nothing.
After that the account's next attempt must wait a delay that doubles with every
further failure (1 s, 2 s, 4 s … at most ``MAX_DELAY``); an attempt inside the
delay is answered 429 without looking at the password, so a guesser gets a few
tries an hour, and the owner gets in with the right password once the delay has
passed. A browser in which the account signed in before carries a signed device
cookie (OWASP's "device cookies"): its attempts are counted apart, so a stranger
guessing elsewhere never keeps an officer out of the browser they use every day.
A password reset clears the count.

Per IP: allauth's ``login_failed`` limit, keyed on the client's address as the
trusted proxies report it (``ALLAUTH_TRUSTED_PROXY_COUNT``, set from the
environment's ``YOKOTEN_TRUSTED_PROXY_COUNT``).

Counters live in the "ratelimits" cache (the database), as allauth's do.
"""

from __future__ import annotations

import math
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import salted_hmac

FREE_FAILURES = 5
MAX_DELAY = 15 * 60  # seconds
FORGET_AFTER = 24 * 60 * 60  # a count with no failure for a day starts again
DEVICE_COOKIE = "yokoten_device"
DEVICE_COOKIE_PATH = "/accounts/"
DEVICE_COOKIE_AGE = 365 * 24 * 60 * 60
DEVICES_PER_BROWSER = 10  # a shared office PC may serve several colleagues
_SALT = "yokoten.accounts.login_limits"


def now() -> float:
    return time.time()


def _cache():
    return caches["ratelimits"]


def account_key(email: str) -> str:
    """The account an attempt names, without keeping its address in the cache."""
    return salted_hmac(_SALT, (email or "").strip().lower()).hexdigest()[:32]


def delay_after(failures: int) -> int:
    """Seconds the next attempt waits after ``failures`` failures in a row."""
    if failures < FREE_FAILURES:
        return 0
    return min(2 ** (failures - FREE_FAILURES), MAX_DELAY)


@dataclass
class Attempt:
    """Who an attempt is counted against: the account, or the account in a browser
    it signed in from before."""

    key: str

    @classmethod
    def of(cls, request, email: str) -> Attempt:
        account = account_key(email)
        device = trusted_devices(request).get(account)
        return cls(f"yokoten:login:{account}:{device}" if device else f"yokoten:login:{account}")

    def state(self) -> dict:
        return _cache().get(self.key) or {"failures": 0, "last": 0.0}

    def wait(self) -> int:
        """Seconds left before this attempt may be tried; 0 when it may be now."""
        state = self.state()
        left = state["last"] + delay_after(state["failures"]) - now()
        return math.ceil(left) if left > 0 else 0

    def failed(self) -> None:
        state = self.state()
        _cache().set(self.key, {"failures": state["failures"] + 1, "last": now()}, FORGET_AFTER)

    def succeeded(self) -> None:
        _cache().delete(self.key)


def forget_failures(email: str) -> None:
    """After a password reset the account starts afresh (in every browser but those
    it trusts, which keep their own counts)."""
    _cache().delete(f"yokoten:login:{account_key(email)}")


def too_many_attempts(request, seconds: int) -> HttpResponse:
    """429 with the wait in words, the log-in page to go back to and the reset link."""
    response = render(
        request,
        "429.html",
        {
            "retry_after": max(seconds, 1),
            "login_url": reverse("account_login"),
            "reset_url": reverse("account_reset_password"),
        },
        status=429,
    )
    response["Retry-After"] = str(max(seconds, 1))
    return response


# --- Trusted browsers ------------------------------------------------------------


def trusted_devices(request) -> dict[str, str]:
    """{account key: this browser's id for it} from the signed device cookie."""
    value = request.COOKIES.get(DEVICE_COOKIE)
    if not value:
        return {}
    try:
        devices = signing.loads(value, salt=_SALT, max_age=DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return {}
    return devices if isinstance(devices, dict) else {}


def trust_device(request, response, emails: list[str]) -> None:
    """After a complete sign-in, this browser is trusted for the account (each of
    its addresses): its later attempts are counted apart from strangers'."""
    devices = trusted_devices(request)
    for email in emails:
        devices.setdefault(account_key(email), secrets.token_hex(8))
    devices = dict(list(devices.items())[-DEVICES_PER_BROWSER:])
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(devices, salt=_SALT),
        max_age=DEVICE_COOKIE_AGE,
        path=DEVICE_COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
