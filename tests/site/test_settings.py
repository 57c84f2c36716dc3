import os
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


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "yokoten.settings.production",
        "SECRET_KEY": "a-long-random-production-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "yokoten.example.jp",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "yokoten.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


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
