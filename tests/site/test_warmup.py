"""gunicorn's master warms the site before it forks (yokoten/warmup.py), so a new or
restarted worker answers its first requests at full speed."""

import gc
import multiprocessing
import runpy
from pathlib import Path

from django.template import engines

from community.search import analysis
from yokoten import warmup

CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def test_warm_up_loads_the_dictionary_and_compiles_templates_without_the_database(
    monkeypatch,
):
    """No database mark: pytest-django fails any query, as the master must make none."""
    monkeypatch.setattr(analysis._analyser, "_tokenizer", None)
    closed = []
    monkeypatch.setattr(warmup.connections, "close_all", lambda: closed.append(True))
    frozen = []
    monkeypatch.setattr(warmup.gc, "freeze", lambda: frozen.append(gc.get_count()))

    warmup.warm_up()

    assert analysis._analyser._tokenizer is not None
    assert closed == [True]  # a forked worker opens its own connections
    # The warm heap is frozen just after a full collection: no worker's collector walks it.
    assert len(frozen) == 1 and frozen[0][1:] == (0, 0)
    cached = engines["django"].engine.template_loaders[0].get_template_cache
    assert "base.html" in cached
    assert "cases/case_study_page.html" in cached


def test_only_the_sites_own_templates_are_compiled(monkeypatch):
    seen = []
    real = engines["django"].get_template
    monkeypatch.setattr(
        engines["django"], "get_template", lambda name: seen.append(name) or real(name)
    )
    assert warmup._compile_templates() == len(seen) > 50
    assert not any(name.startswith("wagtailadmin/") for name in seen)


def test_production_gunicorn_forks_workers_from_a_warmed_master(monkeypatch):
    conf = runpy.run_path(str(CONF))
    warmed = []
    monkeypatch.setattr(warmup, "warm_up", lambda: warmed.append(True))

    conf["when_ready"](server=None)

    assert conf["preload_app"] is True
    assert warmed == [True]


def test_production_gunicorn_runs_one_worker_per_core_and_one_more(monkeypatch):
    """More sync workers than that only share the cores: every slow render takes
    longer and the quick requests wait behind it (the comment in the file)."""
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    monkeypatch.setattr(multiprocessing, "cpu_count", lambda: 2)
    assert runpy.run_path(str(CONF))["workers"] == 3

    monkeypatch.setenv("GUNICORN_WORKERS", "6")
    assert runpy.run_path(str(CONF))["workers"] == 6


def test_a_finished_worker_closes_its_connections_and_ends_at_once(monkeypatch):
    conf = runpy.run_path(str(CONF))
    done = []
    monkeypatch.setattr("django.db.connections.close_all", lambda: done.append("closed"))
    monkeypatch.setattr("logging.shutdown", lambda: done.append("logs flushed"))
    monkeypatch.setattr("os._exit", lambda code: done.append(("exit", code)))

    conf["worker_exit"](server=None, worker=None)

    assert done == ["closed", "logs flushed", ("exit", 0)]
    assert conf["max_requests_jitter"] >= conf["max_requests"] // 2  # never all at once


def test_each_access_line_says_how_long_the_worker_took():
    """An operator looking for a slow page finds the render's milliseconds on its line."""
    import datetime
    from types import SimpleNamespace

    from gunicorn.glogging import Logger

    conf = runpy.run_path(str(CONF))
    request = SimpleNamespace(headers=[])
    response = SimpleNamespace(status="200 OK", sent=2477, headers=[])
    environ = {
        "REMOTE_ADDR": "127.0.0.1", "REQUEST_METHOD": "GET", "RAW_URI": "/casestudies/?prefecture=08",
        "PATH_INFO": "/casestudies/", "QUERY_STRING": "prefecture=08", "SERVER_PROTOCOL": "HTTP/1.1",
    }  # fmt: skip
    logger = Logger.__new__(Logger)  # its format, without its handlers
    elapsed = datetime.timedelta(milliseconds=87, microseconds=400)

    line = conf["access_log_format"] % logger.atoms(response, request, environ, elapsed)

    assert '"GET /casestudies/?prefecture=08 HTTP/1.1" 200 2477' in line
    assert line.endswith(" 87ms")
