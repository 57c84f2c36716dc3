"""Django's Redis cache, made to degrade rather than fail, with one client per pool.

Redis holds nothing here that the database cannot rebuild (pages, fragments, the
versions that retire them, each member's cached row); sessions and rate-limit
counters live in the database. So when Redis is stopped, hung or unreachable:

- every call gives up after a short timeout (``socket_connect_timeout`` and
  ``socket_timeout`` in ``CACHES["default"]["OPTIONS"]``), retried only when a
  pooled connection turns out broken (as after a restart of Redis);
- an error becomes a miss and is logged, never raised: ``get`` returns the default,
  ``set``/``delete`` store nothing, ``add`` says it added nothing, ``incr`` raises
  ``ValueError`` as for a missing key (its callers then ``set``); pages and
  fragments fall through to a full render;
- after an error this process stops asking Redis for ``RETRY_AFTER_SECONDS``,
  so a hung Redis costs one timeout every few seconds, not one per call;
- a write it could not make (a version bump, an invalidation) would leave stale
  entries behind once Redis answers again, so the first call that reaches Redis
  after a lost write empties the cache database first (``FLUSHDB``: give the cache
  a Redis database of its own).

A restart of Redis must not bring back an older state either (an older page-cache
version would serve retired pages as hits): run the cache without persistence
(``deploy/redis.conf``). ``/healthz`` reports the outage (``yokoten/health.py``).

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every
cache call, and each one fills a table of several hundred response callbacks: on
a signed-in page that was a millisecond of pure set-up. ``redis.Redis`` is safe to
share between threads (its pool hands out connections), so each pool gets one.
"""

import logging
import re
import time
from dataclasses import dataclass
from functools import wraps

from django.core.cache.backends import redis as django_redis
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as BrokenConnection
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0


@dataclass
class Outage:
    """One process's view of one Redis server: until when it stops asking, and how
    many writes it lost since Redis last answered."""

    skip_until: float = 0.0
    lost_writes: int = 0

    @property
    def ongoing(self) -> bool:
        return time.monotonic() < self.skip_until


_outages: dict[str, Outage] = {}


def _degrading(method, fallback, *, write: bool = False):
    """``method`` of the client, or ``fallback(*args)`` when Redis does not answer.
    ``write``: a lost call may leave a stale entry behind (see the module docstring)."""

    @wraps(method)
    def call(self, *args):
        outage = self.outage
        if outage.ongoing:
            outage.lost_writes += write
            return fallback(*args)
        try:
            if outage.lost_writes:
                django_redis.RedisCacheClient.clear(self)
                logger.warning(
                    "Redis answers again: emptied the cache, which missed %d writes",
                    outage.lost_writes,
                )
                outage.lost_writes = 0
            return method(self, *args)
        except RedisError as error:
            outage.skip_until = time.monotonic() + RETRY_AFTER_SECONDS
            outage.lost_writes += write
            logger.warning(
                "Redis is unavailable (%s): pages render without the cache for %g s",
                error,
                RETRY_AFTER_SECONDS,
            )
            return fallback(*args)

    return call


def _not_found(key, delta):
    raise ValueError(f"Key '{key}' not found (the cache is unavailable).")


# Sessions (community/accounts/sessions.py) keep a copy here, each entry stamped with
# the run id of the Redis server that holds it: a server restarted from a snapshot
# has a new run id, so no entry of the snapshot (a session signed out since) is read.
# A signed-out session leaves a tombstone that no later copy replaces (a request
# that read the session's row just before it was deleted cannot bring it back).
# Each write is a script, one round trip, atomic in Redis. A read is a plain GET on a
# connection that asked its server's run id once, when it connected: a restarted
# server is a new connection (asking INFO in a script on every read cost Redis
# about 40 µs of a signed-in request).
_RUN = "local run = string.match(redis.call('INFO', 'server'), 'run_id:(%w+)') .. '|'\n"
SESSION_TOMBSTONE = "!"
_RUN_ID = re.compile(rb"run_id:(\w+)")
_PUT_SESSION = """
RUN
local current = redis.call('GET', KEYS[1])
if current and string.sub(current, 1, #run) == run then
  if current == run .. '!' or ARGV[3] == '1' then return 0 end
end
redis.call('SET', KEYS[1], run .. ARGV[1], 'EX', ARGV[2])
return 1
""".replace("RUN\n", _RUN)
_END_SESSION = """
RUN
redis.call('SET', KEYS[1], run .. '!', 'EX', ARGV[1])
return 1
""".replace("RUN\n", _RUN)


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, servers, **options):
        # A broken connection is tried once more at once (a restarted Redis leaves every
        # pooled connection broken); a timeout is not: a failed call is a miss, not a wait.
        retry = Retry(NoBackoff(), 1, supported_errors=(BrokenConnection,))
        super().__init__(servers, retry=retry, **options)
        self._clients = {}
        self._scripts = {}
        self.outage = _outages.setdefault(repr(servers), Outage())

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _run(self, source: str, key: str, *arguments):
        client = self.get_client(write=True)
        scripts = self._scripts.setdefault(id(client), {})
        script = scripts.get(source)
        if script is None:
            script = scripts[source] = client.register_script(source)
        return script(keys=[key], args=arguments)

    def _read_session(self, key, also):
        """The copy under ``key`` if this run of the server stored it, and the raw values
        of the keys ``also`` (a signed-in request's first reads), in one round trip."""
        pool = self.get_client(write=True).connection_pool
        connection = pool.get_connection()
        commands = [("GET", key), *([("MGET", *also)] if also else [])]

        def read():
            connection.connect()  # if broken: connects again, forgetting the run id
            if getattr(connection, "yokoten_run", None) is None:
                connection.register_connect_callback(self._forget_run)
                connection.send_command("INFO", "server")
                connection.yokoten_run = _RUN_ID.search(connection.read_response()).group(1) + b"|"
            run = connection.yokoten_run
            connection.send_packed_command(connection.pack_commands(commands))
            return run, [connection.read_response() for _ in commands]

        try:
            run, replies = connection.retry.call_with_retry(
                read, lambda error: connection.disconnect()
            )
        except BaseException:
            connection.disconnect()
            raise
        finally:
            pool.release(connection)
        copy, values = replies[0], (replies[1] if also else [])
        copy = copy[len(run) :].decode() if copy is not None and copy.startswith(run) else None
        loads = self._serializer.loads
        return copy, {
            key: loads(value) for key, value in zip(also, values, strict=True) if value is not None
        }

    def _forget_run(self, connection):
        """Called as a connection connects again: its server may be another run."""
        connection.yokoten_run = None

    def _put_session(self, key, payload, timeout, only_if_absent):
        return bool(
            self._run(_PUT_SESSION, key, payload, max(int(timeout), 1), int(only_if_absent))
        )

    def _end_session(self, key, timeout):
        self._run(_END_SESSION, key, max(int(timeout), 1))

    def probe(self) -> None:
        """Ask Redis directly (no skipping, no fallback); raises ``RedisError``."""
        self.get_client(write=True).ping()

    base = django_redis.RedisCacheClient
    # Reads, and add (it never replaces an entry): an error is a miss.
    get = _degrading(base.get, lambda key, default: default)
    get_many = _degrading(base.get_many, lambda keys: {})
    has_key = _degrading(base.has_key, lambda key: False)
    add = _degrading(base.add, lambda key, value, timeout: False)
    # Writes: a lost one empties the cache once Redis answers again.
    set = _degrading(base.set, lambda key, value, timeout: None, write=True)
    set_many = _degrading(base.set_many, lambda data, timeout: None, write=True)
    touch = _degrading(base.touch, lambda key, timeout: False, write=True)
    delete = _degrading(base.delete, lambda key: False, write=True)
    delete_many = _degrading(base.delete_many, lambda keys: None, write=True)
    incr = _degrading(base.incr, _not_found, write=True)  # callers then set()
    clear = _degrading(base.clear, lambda: False, write=True)
    del base
    # Sessions: a miss reads the database. A copy not stored on reading costs nothing;
    # a lost change or sign-out would leave an older copy behind: it empties the cache.
    read_session = _degrading(_read_session, lambda key, also: (None, {}))
    keep_session = _degrading(_put_session, lambda key, payload, timeout, only_if_absent: False)
    change_session = _degrading(
        _put_session, lambda key, payload, timeout, only_if_absent: False, write=True
    )
    end_session = _degrading(_end_session, lambda key, timeout: None, write=True)


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def validate_key(self, key):
        """Redis takes any key. Django's check warns about keys memcached would refuse,
        looking at each character in Python: about 5 µs a key, and a signed-in page
        reads some fifteen keys. (Keys that hold a URL are bounded: page_cache.bounded.)"""

    @property
    def outage(self) -> Outage:
        return self._cache.outage

    def probe(self) -> None:
        self._cache.probe()

    # A session's copy (community/accounts/sessions.py): its encoded data, or
    # SESSION_TOMBSTONE once signed out, or None (not here, or from an earlier run).
    def read_session(self, key: str, also=()) -> tuple[str | None, dict]:
        """The copy, and the entries of the keys ``also`` found, read with it."""
        keys = {self.make_key(name): name for name in also}
        copy, found = self._cache.read_session(self.make_key(key), list(keys))
        return copy, {keys[made]: value for made, value in found.items()}

    def keep_session(self, key: str, payload: str, timeout: float) -> None:
        """The copy of a session just read from the database, unless one is here."""
        self._cache.keep_session(self.make_and_validate_key(key), payload, timeout, True)

    def change_session(self, key: str, payload: str, timeout: float) -> None:
        """A session saved: its copy, unless it was signed out meanwhile."""
        self._cache.change_session(self.make_and_validate_key(key), payload, timeout, False)

    def end_session(self, key: str, timeout: float) -> None:
        """A session signed out: a tombstone, so no copy of it comes back."""
        self._cache.end_session(self.make_and_validate_key(key), timeout)


def keep_rate_limits_in_the_database() -> None:
    """allauth counts log-in, sign-up and password-reset attempts in Django's default
    cache; count them in the "ratelimits" cache (the database) instead, so that a
    Redis outage neither opens nor breaks the limits and a restart does not reset
    them. (allauth has no setting for this: tests/site/test_outages.py fails if
    its limiter stops using the cache given here.)"""
    from allauth.core.internal import ratelimit
    from django.core.cache import caches
    from django.utils.connection import ConnectionProxy

    ratelimit.cache = ConnectionProxy(caches, "ratelimits")
