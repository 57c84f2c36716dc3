"""With the database cut off (a TCP proxy in front of PostgreSQL, closed mid-run), a
server run as production runs it still serves cached anonymous pages, answers
everything else with the Japanese 503 page and Retry-After — after one short wait,
then at once — and recovers by itself when the database returns."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="runs against PostgreSQL (the PostgreSQL leg of CI)",
    ),
    pytest.mark.django_db,  # the test database, which the server uses too (nothing written)
]


class CuttableProxy:
    """127.0.0.1:<port> forwarded to PostgreSQL until ``cut()``: then every open
    connection drops and new ones are refused, as when the database host goes away."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.sockets: list[socket.socket] = []
        self.listener = self._listen(0)
        self.port = self.listener.getsockname()[1]

    def _listen(self, port: int) -> socket.socket:
        listener = socket.create_server(("127.0.0.1", port), reuse_port=False)
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return listener

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.listener.close()
        for end in self.sockets:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
        self.sockets = []

    def restore(self):
        self.listener = self._listen(self.port)


def get(url: str) -> tuple[int, dict, str, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            status, headers, body = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, dict(error.headers), error.read()
    return status, headers, body.decode(), time.monotonic() - started


def free_port() -> int:
    for port in range(8600, 8700):  # this engineer's ports
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8600-8699")


@pytest.fixture
def server_behind_cuttable_database(throwaway_redis, tmp_path):
    database = connection.settings_dict
    proxy = CuttableProxy((database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432)))
    redis = throwaway_redis()
    port = free_port()
    user = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.site.outage_settings",
        "PYTHONPATH": str(ROOT),
        "SECRET_KEY": "outage-test-" + "x" * 40,
        "DATABASE_URL": f"postgresql://{user}@127.0.0.1:{proxy.port}/{database['NAME']}",
        "REDIS_URL": redis.url,
        "DATABASE_TIMEOUT": "2",
        "LOG_LEVEL": "CRITICAL",
    }
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 - the production server, as the README runs it
        [shutil.which("gunicorn", path=str(Path(sys.executable).parent)), "yokoten.wsgi",
         "--workers", "1", "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(base + "/healthz")[0] in (200, 503):
                break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        raise RuntimeError("gunicorn did not start: " + (tmp_path / "gunicorn.log").read_text())
    yield base, proxy
    server.terminate()
    server.wait(timeout=10)
    log.close()
    proxy.cut()


def test_a_database_outage_serves_cached_pages_and_a_quick_503_then_recovers(
    server_behind_cuttable_database,
):
    base, proxy = server_behind_cuttable_database
    assert get(base + "/privacy/")[0] == 200
    assert get(base + "/privacy/")[1]["X-Page-Cache"] == "hit"
    assert get(base + "/healthz")[0] == 200

    proxy.cut()
    status, headers, body, seconds = get(base + "/privacy/")
    assert (status, headers["X-Page-Cache"]) == (200, "hit")  # cached pages still served
    assert seconds < 2

    status, headers, body, seconds = get(base + "/forum/")
    assert status == 503
    assert headers["Retry-After"] == "5"
    assert "<h1>一時的にご利用いただけません</h1>" in body
    assert "しばらくしてからもう一度お試しください" in body
    assert seconds < 8  # the 2 s pool wait, not the 30 s default (nor a worker timeout)

    status, headers, body, seconds = get(base + "/api/v1/municipalities")
    assert status == 503
    assert "detail" in body
    assert seconds < 2  # at once: the outage is known

    status, _headers, body, _seconds = get(base + "/healthz")
    assert status == 503
    assert '"database": {"status": "down"' in body

    proxy.restore()
    deadline = time.monotonic() + 30
    while get(base + "/forum/")[0] != 200:
        assert time.monotonic() < deadline, "the site did not recover after the database returned"
        time.sleep(0.5)
