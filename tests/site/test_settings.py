import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from yokoten.settings.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]


def test_env_helpers_read_typed_values(monkeypatch):
    monkeypatch.setenv("Y_BOOL", "yes")
    monkeypatch.setenv("Y_INT", "42")
    monkeypatch.setenv("Y_LIST", "a.example.jp, b.example.jp ,")
    assert env_bool("Y_BOOL", False) is True
    assert env_int("Y_INT", 0) == 42
    assert env_list("Y_LIST", []) == ["a.example.jp", "b.example.jp"]
    assert env_str("Y_MISSING", "fallback") == "fallback"


@pytest.mark.parametrize(("helper", "value"), [(env_bool, "maybe"), (env_int, "4x2")])
def test_env_helpers_fail_loud_on_malformed_values(monkeypatch, helper, value):
    monkeypatch.setenv("Y_BAD", value)
    with pytest.raises(ImproperlyConfigured, match="Y_BAD"):
        helper("Y_BAD", 0)


def test_a_required_variable_that_is_missing_names_itself(monkeypatch):
    monkeypatch.delenv("Y_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="Set the Y_REQUIRED environment variable"):
        env_str("Y_REQUIRED")


# What production needs, and nothing that could reach a real service: the checks
# below never connect (the deploy check in .ci/run does, with --database).
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "yokoten.settings.production",
    "SECRET_KEY": "a-long-random-production-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DATABASE_URL": "postgresql://yokoten@db.invalid:5432/yokoten",
    "REDIS_URL": "redis://cache.invalid:6379/0",
    "SITE_URL": "https://yokoten.example.jp",
    "ALLOWED_HOSTS": "yokoten.example.jp",
    "EMAIL_HOST": "mail.example.jp",
    "DEFAULT_FROM_EMAIL": "Yokoten <noreply@yokoten.example.jp>",
}
REQUIRED = [name for name in PRODUCTION_ENV if name != "DJANGO_SETTINGS_MODULE"]


def run_production(*args, env=None, without=()):
    environ = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    environ.update({k: v for k, v in (env or PRODUCTION_ENV).items() if k not in without})
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, *args], cwd=ROOT, env=environ, capture_output=True, text=True, check=False
    )


def test_production_settings_pass_the_deploy_check():
    result = run_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_refuses_to_start_without_each_required_variable(missing):
    result = run_production("manage.py", "check", without=(missing,))
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("django.core.exceptions.ImproperlyConfigured: Production settings")
    assert f" {missing} (" in message
    assert all(f" {name} (" not in message for name in REQUIRED if name != missing)


def test_one_message_names_every_missing_variable():
    result = run_production("manage.py", "check", without=REQUIRED)
    message = result.stderr.strip().splitlines()[-1]
    assert result.returncode != 0
    assert all(f" {name} (" in message for name in REQUIRED), message


@pytest.mark.parametrize(
    ("name", "value", "scheme"),
    [
        ("DATABASE_URL", "sqlite:///var/db.sqlite3", "sqlite"),
        ("REDIS_URL", "memcached://127.0.0.1:11211", "memcached"),
    ],
)
def test_production_refuses_sqlite_and_a_cache_that_is_not_redis(name, value, scheme):
    result = run_production("manage.py", "check", env={**PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert f"{name} must start with" in result.stderr
    assert f"(got {scheme})" in result.stderr


def test_production_logs_one_json_object_a_line():
    code = "import django, logging; django.setup(); logging.getLogger('yokoten.test').warning('緊急 %s', 'テスト')"
    result = run_production("-c", code)
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["level"] == "WARNING"
    assert line["logger"] == "yokoten.test"
    assert line["message"] == "緊急 テスト"
    assert "time" in line


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
@pytest.mark.parametrize(
    ("setting", "value", "refused"),
    [
        (
            "CACHES",
            {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
            "yokoten.E001",
        ),
        (
            "DATABASES",
            {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
            "yokoten.E002",
        ),
    ],
)
def test_a_production_profile_that_swaps_in_a_per_process_cache_or_sqlite_fails_its_checks(
    settings, setting, value, refused
):
    from yokoten.checks import postgresql_in_production, shared_cache_in_production

    def found():
        return [error.id for error in shared_cache_in_production() + postgresql_in_production()]

    settings.CACHES = {
        "default": {"BACKEND": "yokoten.cache.RedisCache", "LOCATION": "redis://cache.invalid"}
    }
    settings.DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "yokoten"}}
    settings.YOKOTEN_PRODUCTION = True
    assert found() == []
    setattr(settings, setting, value)
    assert found() == [refused]
    settings.YOKOTEN_PRODUCTION = False
    assert found() == []


def test_make_demo_points_links_in_emails_at_its_port(tmp_path):
    """Every process `make demo` starts (migrate, load_demo, the task worker, the
    server) sees SITE_URL with the port the demo serves on."""
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / ".installed").touch()
    fake_python = tmp_path / "python"
    # The worker runs in the background and `make` stops it once the (fake) server
    # returns; the fake server waits until the worker has spoken, so the test sees both.
    spoke = tmp_path / "worker-spoke"
    fake_python.write_text(
        "#!/bin/sh\n"
        'echo "SITE_URL=$SITE_URL $*"\n'
        f'case "$*" in *db_worker*) touch {spoke} ;; *runserver*)\n'
        f"  for _ in $(seq 100); do [ -e {spoke} ] && break; sleep 0.1; done ;; esac\n"
    )
    fake_python.chmod(0o755)
    environ = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    make = shutil.which("make")
    result = subprocess.run(  # noqa: S603 - our own Makefile
        [make, "--no-print-directory", "demo", "PORT=8123", f"VENV={venv}", f"PY={fake_python}"],
        cwd=ROOT, env=environ, capture_output=True, text=True, check=True,
    )  # fmt: skip
    started = [line.split() for line in result.stdout.splitlines() if line.startswith("SITE_URL=")]
    assert {command[2] for command in started} >= {"migrate", "load_demo", "runserver", "db_worker"}
    assert {command[0] for command in started} == {"SITE_URL=http://127.0.0.1:8123"}


def test_no_model_change_lacks_a_migration():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "yokoten.settings.test"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


COOKIE_SETTINGS = [
    "SESSION_COOKIE_NAME", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_PATH", "SESSION_COOKIE_DOMAIN",
    "CSRF_COOKIE_NAME", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_PATH", "CSRF_COOKIE_DOMAIN",
]  # fmt: skip


def production_cookie_settings() -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {COOKIE_SETTINGS!r}}}))"
    )
    result = run_production("-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_session_and_csrf_cookies_are_host_only_over_https():
    cookies = production_cookie_settings()
    for kind in ("SESSION", "CSRF"):
        assert cookies[f"{kind}_COOKIE_NAME"].startswith("__Host-")
        assert cookies[f"{kind}_COOKIE_SECURE"] is True
        assert cookies[f"{kind}_COOKIE_PATH"] == "/"
        assert cookies[f"{kind}_COOKIE_DOMAIN"] is None


@pytest.mark.django_db
def test_log_in_and_csrf_work_with_the_production_cookies(settings, member):
    import re

    from django.test import Client

    for name, value in production_cookie_settings().items():
        setattr(settings, name, value)
    client = Client(enforce_csrf_checks=True)
    https = {"secure": True, "HTTP_REFERER": "https://testserver/accounts/login/"}
    page = client.get("/accounts/login/", secure=True).content.decode()
    cookie = client.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"]
    credentials = {"login": member.email, "password": "correct-horse-battery"}
    assert client.post("/accounts/login/", credentials, **https).status_code == 403
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    signed_in = client.post(
        "/accounts/login/", {**credentials, "csrfmiddlewaretoken": token}, **https
    )
    assert signed_in.status_code == 302
    assert client.cookies[settings.SESSION_COOKIE_NAME]["secure"]
    assert client.get("/members/me/", secure=True).status_code == 200


@pytest.mark.django_db
def test_with_the_production_cookies_a_member_never_gets_the_anonymous_copy(settings, member):
    from django.test import Client

    from tests.conftest import sign_in

    for name, value in production_cookie_settings().items():
        setattr(settings, name, value)
    settings.YOKOTEN_PAGE_CACHE = True
    Client().get("/municipalities/082104/", secure=True)  # a visitor's copy is cached
    reader = Client()
    sign_in(reader, member)
    assert settings.SESSION_COOKIE_NAME in reader.cookies
    response = reader.get("/municipalities/082104/", secure=True)
    assert response.get("X-Page-Cache") != "hit"
    assert "マイアカウント" in response.content.decode()


def test_without_redis_the_web_server_and_the_worker_share_one_cache(tmp_path):
    """The demo runs the web server and the task worker as two processes: a write the
    worker makes (a new notification) must retire what the web server cached."""
    demo = {
        "DJANGO_SETTINGS_MODULE": "yokoten.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }  # and no REDIS_URL

    def run(*args) -> str:
        result = run_production("manage.py", *args, env=demo)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    run("migrate", "yokoten", "-v0")
    cache = "from django.core.cache import cache;"
    run("shell", "-v0", "-c", cache + "cache.set('retired:member:1', 1234.5, None)")
    assert run("shell", "-v0", "-c", cache + "print(cache.get('retired:member:1'))") == "1234.5"
