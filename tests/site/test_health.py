"""/healthz: 200 with every part up, 503 naming the part that is down; a cache
outage is "degraded" (the site still serves), and /healthz/ready stays 200 then."""

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder

pytestmark = pytest.mark.django_db


def health(client, path="/healthz"):
    response = client.get(path)
    return response.status_code, response.json()


def test_every_part_up_answers_200_and_is_never_cached(client, throwaway_redis):
    throwaway_redis()
    code, body = health(client)
    assert code == 200
    assert body["status"] == "ok"
    assert {name: part["status"] for name, part in body["checks"].items()} == {
        "database": "ok",
        "migrations": "ok",
        "cache": "ok",
        "tasks": "ok",
    }
    assert "no-store" in client.get("/healthz")["Cache-Control"]


@pytest.mark.usefixtures("unreachable_redis")
def test_redis_down_is_a_degraded_503_naming_the_cache_while_ready_stays_200(client):
    code, body = health(client)
    assert code == 503
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["status"] == "down"
    assert "ConnectionError" in body["checks"]["cache"]["error"]
    assert body["checks"]["database"]["status"] == "ok"
    code, body = health(client, "/healthz/ready")
    assert (code, body["status"]) == (200, "ok")
    assert set(body["checks"]) == {"database", "migrations"}


def test_a_pending_migration_is_down_and_named(client, monkeypatch):
    from yokoten import health as module

    monkeypatch.setattr(module, "_migrated", False)
    MigrationRecorder(connection).record_unapplied("yokoten", "0002_shared_cache_table")
    code, body = health(client)
    assert code == 503
    assert body["status"] == "down"
    assert body["checks"]["migrations"]["pending"] == ["yokoten.0002_shared_cache_table"]
    assert health(client, "/healthz/ready")[0] == 503


def test_the_database_down_is_down_and_nothing_else_waits_for_it(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "db.internal" failed: password secret')

    from yokoten import health as module

    monkeypatch.setattr(module, "_migrated", False)
    monkeypatch.setattr(module.connection, "cursor", refuse)
    code, body = health(client)
    assert code == 503
    assert body["status"] == "down"
    assert body["checks"]["database"]["error"] == "OperationalError: the database does not answer"
    assert body["checks"]["migrations"]["status"] == "down"
    assert "secret" not in str(body)


def test_a_queue_nobody_works_is_degraded_and_named(client, monkeypatch):
    from yokoten import tasks

    stalled = tasks.QueueHealth(working=False, backend="DatabaseBackend", ready=7, overdue=7)
    monkeypatch.setattr(tasks, "health", lambda: stalled)
    code, body = health(client)
    assert (code, body["status"]) == (503, "degraded")
    assert body["checks"]["tasks"]["status"] == "down"
    assert body["checks"]["tasks"]["overdue"] == 7
    assert health(client, "/healthz/ready")[0] == 200  # the site itself still serves
