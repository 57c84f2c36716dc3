"""Whole-database snapshots, to check that a seeding step's bulk path writes
exactly the rows its service path writes.

``same_rows(write_slowly, write_in_bulk)`` runs the first inside a savepoint
(its after-commit callbacks executed, as a real commit would), snapshots every
table, rolls back, rewinds the id counters, runs the second and snapshots
again. Both runs hand out the same ids, so the rows can be compared as they
are, foreign keys included. What differs between two
honest runs is normalised: moments (compared as "now ± whole days"), random
UUIDs, salts of password hashes and unusable passwords.
"""

import datetime
import re
import uuid

from django.apps import apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.blocks import StreamValue

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ISO_MOMENT = re.compile(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")


def _moment(value: datetime.datetime, start: datetime.datetime) -> str:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    delta = value - start
    days = round(delta / datetime.timedelta(days=1))
    if abs(delta - datetime.timedelta(days=days)) < datetime.timedelta(minutes=10):
        return f"now{days:+d}d"
    return value.isoformat()


def _normal(value, start):
    if isinstance(value, StreamValue):
        return _normal(list(value.raw_data), start)  # blocks with their random ids
    if isinstance(value, datetime.datetime):
        return _moment(value, start)
    if isinstance(value, uuid.UUID):
        return "<uuid>"
    if isinstance(value, str):
        if ISO_MOMENT.match(value):
            return _moment(datetime.datetime.fromisoformat(value.replace("Z", "+00:00")), start)
        return UUID.sub("<uuid>", value)
    if isinstance(value, dict):
        return {key: _normal(item, start) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_normal(item, start) for item in value]
    return value


def snapshot(start: datetime.datetime) -> dict[str, list[dict]]:
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        rows = []
        for row in model._base_manager.order_by("pk").values():
            if "password" in row:  # unusable ("!…") or salted: random either way
                row["password"] = (
                    row["password"][:1]
                    if row["password"].startswith("!")
                    else (row["password"].partition("$")[0])
                )
            rows.append(_normal(row, start))
        tables[model._meta.db_table] = rows
    return tables


def differences(slow: dict, fast: dict) -> list[str]:
    found = []
    for table, rows in slow.items():
        other = fast[table]
        if rows == other:
            continue
        message = f"{table}: {len(rows)} rows through the services, {len(other)} in bulk"
        for position, (expected, got) in enumerate(zip(rows, other, strict=False)):
            if expected != got:
                changed = {
                    key: _where(expected[key], got.get(key))
                    for key in expected
                    if expected[key] != got.get(key)
                }
                message += f"; first difference at row {position}: {changed}"
                break
        found.append(message)
    return found


def _sequences() -> list[tuple[str, int, bool]]:
    """PostgreSQL's id counters, which a rollback leaves where they are."""
    if connection.vendor != "postgresql":
        return []  # SQLite keeps them in a table: the rollback rewinds them
    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname, sequencename FROM pg_sequences")
        names = [f'"{schema}"."{name}"' for schema, name in cursor.fetchall()]
        counters = []
        for name in names:
            cursor.execute(f"SELECT last_value, is_called FROM {name}")  # noqa: S608
            counters.append((name, *cursor.fetchone()))
    return counters


def _rewind(counters) -> None:
    with connection.cursor() as cursor:
        for name, value, called in counters:
            cursor.execute("SELECT setval(%s, %s, %s)", [name, value, called])


def _where(expected, got):
    """Two values, or for two long texts the stretch where they part."""
    if not (isinstance(expected, str) and isinstance(got, str)) or len(expected) < 200:
        return expected, got
    pairs = zip(expected, got, strict=False)
    at = next(
        (i for i, (one, other) in enumerate(pairs) if one != other), min(map(len, (expected, got)))
    )
    return f"…{expected[at - 40 : at + 80]}", f"…{got[at - 40 : at + 80]}"


def same_rows(write_slowly, write_in_bulk, capture_on_commit) -> tuple[dict, int, int]:
    """Compare the two ways of writing; returns the bulk snapshot and both query counts."""
    start = timezone.now()
    counters = _sequences()
    point = transaction.savepoint()
    with capture_on_commit(execute=True), CaptureQueriesContext(connection) as slow_queries:
        write_slowly()
    slow = snapshot(start)
    transaction.savepoint_rollback(point)
    _rewind(counters)
    with capture_on_commit(execute=True), CaptureQueriesContext(connection) as fast_queries:
        write_in_bulk()
    fast = snapshot(start)
    assert not differences(slow, fast), "\n".join(differences(slow, fast))
    return fast, len(slow_queries), len(fast_queries)
