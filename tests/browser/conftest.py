"""Browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright
against a real server process with its own database, as a visitor would.

Without Chromium they skip with a message; with CI=true they must run."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(
            f"CI needs Chromium for the browser tests, but {CHROMIUM} does not exist."
        )
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}: apt-get install chromium to run browser tests"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test shows the end of the site server's log (its tracebacks)."""
    report = yield
    server = item.funcargs.get("site_server") if hasattr(item, "funcargs") else None
    if report.failed and server:
        log = server["workdir"] / "server.log"
        if log.exists():
            tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-80:]
            report.sections.append(("site server log (last 80 lines)", "\n".join(tail)))
    return report


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def site_server(tmp_path_factory):
    """A demo-like site: migrated SQLite file, every municipality, served by runserver."""
    workdir = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "yokoten.settings.dev",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PYTHONUNBUFFERED": "1",  # the server's log is whole when a test fails
    }
    env.pop("REDIS_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603
    subprocess.run([*manage, "load_demo"], env=env, check=True, cwd=ROOT, capture_output=True)  # noqa: S603
    port = _free_port()
    log = (workdir / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        # Threaded, as `make demo` serves: Chromium opens speculative connections that
        # a one-request-at-a-time server would sit on while the real request waits.
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    # As `make demo`: a task worker beside the server sends the emails (to files here).
    worker = subprocess.Popen(  # noqa: S603
        [*manage, "db_worker", "--queue-name", "*", "--no-reload", "--interval", "0.3"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # system checks take a while on a loaded machine
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base_url + "/", timeout=2)  # noqa: S310
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        worker.kill()
        raise RuntimeError("the test server did not start")
    yield {"url": base_url, "workdir": workdir, "env": env}
    for process in (server, worker):
        process.terminate()
        process.wait(timeout=10)
    log.close()


def wait_for_mail(mail_dir: Path, *needles: str, timeout: float = 20) -> str:
    """The text of every email the worker wrote, once one holds all ``needles``
    (it sends a moment after the request that queued it)."""
    deadline = time.monotonic() + timeout
    while True:
        paths = sorted(mail_dir.glob("*.log"), key=lambda path: path.stat().st_mtime)
        texts = [path.read_text(encoding="utf-8", errors="replace") for path in paths]
        if any(all(needle in text for needle in needles) for text in texts):
            return "\n".join(texts)
        if time.monotonic() > deadline:
            raise AssertionError(f"no email with {needles} within {timeout} s")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Not kept for the session: Playwright's event loop
    stays running while it is open, and Django refuses database work in a running
    loop, so the module of database tests that `make test`'s process runs next
    (pytest-xdist) would fail."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    def serious_violations(page) -> list[str]:
        results = Axe().run(page)
        return [
            f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
            for violation in results.response["violations"]
            if violation["impact"] in ("serious", "critical")
        ]

    return serious_violations


_used_codes: set[tuple[str, int]] = set()


def log_in_with_totp(page, base: str, email: str, password: str) -> None:
    """Log a demo account in with its password and a fresh TOTP code.

    allauth refuses a code already used by the same member, so two logins of one
    account within a 30-second window (across tests) wait for the next window.
    """
    import re

    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    from casestudies.demo.accounts import DEMO_TOTP_SECRET

    page.goto(base + "/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    # A code is good for its 30-second window only (allauth allows no drift): one
    # made in the window's last seconds could reach the server in the next.
    left = 30 - time.time() % 30
    if left < 3:
        time.sleep(left + 0.2)
    counter = next(yield_hotp_counters_from_time())
    while (email, counter) in _used_codes:
        time.sleep(1)
        counter = next(yield_hotp_counters_from_time())
    _used_codes.add((email, counter))
    page.locator("#id_code").fill(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/2fa/).*$"))


@pytest.fixture(scope="session")
def _signed_in_states() -> dict[str, dict]:
    return {}


@pytest.fixture(scope="module")
def signed_in_state(browser, site_server, _signed_in_states):
    """``signed_in_state(account)``: the cookies of a demo account that has logged
    in once this session, for new browser contexts (one log-in per account)."""
    states = _signed_in_states

    def state_for(account) -> dict:
        if account.email not in states:
            context = browser.new_context(locale="ja-JP")
            log_in_with_totp(
                context.new_page(), site_server["url"], account.email, account.password
            )
            states[account.email] = context.storage_state()
            context.close()
        return states[account.email]

    return state_for


def only_the_site(context, base: str) -> list[str]:
    """Block every request from ``context`` to a host other than the site's; returns
    the list the blocked URLs are added to."""
    outside: list[str] = []

    def route(request_route):
        if request_route.request.url.startswith(base):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    return outside
