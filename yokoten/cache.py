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


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, servers, **options):
        # A broken connection is tried once more at once (a restarted Redis leaves every
        # pooled connection broken); a timeout is not: a failed call is a miss, not a wait.
        retry = Retry(NoBackoff(), 1, supported_errors=(BrokenConnection,))
        super().__init__(servers, retry=retry, **options)
        self._clients = {}
        self.outage = _outages.setdefault(repr(servers), Outage())

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

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


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    @property
    def outage(self) -> Outage:
        return self._cache.outage

    def probe(self) -> None:
        self._cache.probe()


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
