"""Pages to cache: the case-study factory; pages to walk to: every kind of content,
questions and visit requests. Redis as it fails: unreachable, hung, or a
throwaway server of our own to stop, pause and restart."""

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest

from tests.adoption.conftest import (  # noqa: F401 - fixtures
    case_study_factory,
    curriculum_factory,
    curriculum_index,
    document_factory,
    index_page,
    media_root,
    template_factory,
    template_index,
)
from tests.events.conftest import make_event  # noqa: F401 - fixtures
from tests.forum.conftest import public_board, question_factory  # noqa: F401 - fixtures
from tests.visits.conftest import request_factory  # noqa: F401 - fixtures

TIMEOUT = 0.2  # seconds, as REDIS_TIMEOUT


@pytest.fixture
def cache_on_redis(settings, monkeypatch):
    """``cache_on_redis(url)``: the default cache becomes Redis at ``url`` (short
    timeouts, as in production), with the anonymous page cache on."""
    from yokoten import cache as redis_cache

    monkeypatch.setattr(redis_cache, "_outages", {})
    monkeypatch.setattr(redis_cache, "RETRY_AFTER_SECONDS", 0.3)

    def point(url: str) -> None:
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "yokoten.cache.RedisCache",
                "LOCATION": url,
                "OPTIONS": {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT},
            },
        }
        settings.YOKOTEN_PAGE_CACHE = True

    return point


def _free_port(start: int = 6390) -> int:
    for port in range(start, start + 200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port")


@pytest.fixture
def unreachable_redis(cache_on_redis):
    """Nothing listens: every connection is refused."""
    url = f"redis://127.0.0.1:{_free_port()}/0"
    cache_on_redis(url)
    return url


@pytest.fixture
def hung_redis(cache_on_redis):
    """Something listens but never answers (a Redis stuck on a slow disk or a full
    network buffer): connections open, replies never come."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        url = f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
        cache_on_redis(url)
        yield url


class ThrowawayRedis:
    """A redis-server of our own on a free port (never the shared one on 6379)."""

    def __init__(self, workdir, *, persistent: bool):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.workdir = workdir
        self.persistent = persistent
        self.process = None

    def start(self) -> None:
        save = (
            ["--save", "3600 1", "--dbfilename", "dump.rdb"] if self.persistent else ["--save", ""]
        )
        self.process = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--appendonly", "no", "--dir", str(self.workdir), *save],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.02)
        raise RuntimeError("redis-server did not start")

    def command(self, *args: str) -> str:
        return subprocess.run(  # noqa: S603
            [shutil.which("redis-cli"), "-p", str(self.port), *args],
            capture_output=True, text=True, check=True, timeout=5,
        ).stdout.strip()  # fmt: skip

    def crash(self) -> None:
        """Killed without a chance to save (a crash, an OOM kill, a lost machine)."""
        self.process.kill()
        self.process.wait()

    def restart(self) -> None:
        self.crash()
        self.start()

    def pause(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.resume()
            self.crash()


@pytest.fixture
def throwaway_redis(cache_on_redis, tmp_path):
    """``throwaway_redis(persistent=False)``: a redis-server to stop, pause and restart,
    as the default cache. Skipped where Redis is not installed (CI has it)."""
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    servers = []

    def start(*, persistent: bool = False) -> ThrowawayRedis:
        server = ThrowawayRedis(tmp_path, persistent=persistent)
        servers.append(server)
        server.start()
        cache_on_redis(server.url)
        return server

    yield start
    for server in servers:
        server.stop()
