"""Sessions in the database, read from a copy in Redis (``SESSION_ENGINE``).

Every signed-in request reads its session; from the database that was a query
(about a millisecond) on every page, a cached one too. The database stays the one
record: a session is created, changed and deleted there first, and Redis holds a
copy that a request reads in one round trip. So:

- Redis down, hung or emptied (yokoten/cache.py): the copy is a miss and the row is
  read; nobody is signed out or in by an outage.
- Signed out in one worker, seen in every other: the copy becomes a tombstone that
  no later copy replaces (a request that read the row just before it was deleted
  cannot store it back), and the row is deleted.
- Redis restarted from a snapshot taken while a signed-out session was alive: each
  copy carries the run id of the server that stored it, and a copy of another run
  is never read (tests/site/test_redis_outage.py).
- A sign-out or change Redis did not receive (an outage) empties the cache once it
  answers again, as any lost write does.

The copy is read in the same round trip as the entries a signed-in request reads
first (``cache_policy.member_reads``: the member's row, the page kept for them), when
this process has seen the session before and so knows whose it is; they are used
only if the session read says it is still that member's.

Without Redis (the demo, development, the SQLite tests) the session is read from its
row on every request, the member's entries from the cache as with Redis.

After an emptied cache (a restart of Redis, a deploy that clears it), the row of a
session this process has seen is read in the same query as its member's row,
permissions and unread count (``_row``): one query rather than five.
"""

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.core.cache import caches

from yokoten import cache_policy
from yokoten.cache import SESSION_TOMBSTONE, RedisCache

from . import backends

KEY_PREFIX = "session:"

# session key -> the member it was signed in as, when this process last read it (a
# guess of what to read with it, checked against what it says).
_members: dict[str, str] = {}
MEMBERS_LIMIT = 20_000


def _remember_member(session_key: str, member_id) -> None:
    if _members.get(session_key) != member_id:
        if len(_members) >= MEMBERS_LIMIT:
            _members.clear()
        _members[session_key] = member_id


def _redis() -> RedisCache | None:
    cache = caches[settings.SESSION_CACHE_ALIAS]
    return cache if isinstance(cache, RedisCache) else None


def reads_copies() -> bool:
    """Whether a session is read from its copy in Redis (no query) rather than its row."""
    return _redis() is not None


class SessionStore(DatabaseStore):
    def load(self):
        redis = _redis()
        key = KEY_PREFIX + self.session_key
        member_id = _members.get(self.session_key)
        also = cache_policy.member_reads(member_id) if member_id is not None else []
        if redis is not None:
            copy, found = redis.read_session(key, also)
        else:  # the session is its row; the member's entries from the cache, as later
            copy, found = (
                None,
                (caches[settings.SESSION_CACHE_ALIAS].get_many(also) if also else {}),
            )
        if copy == SESSION_TOMBSTONE:
            self._session_key = None
            return {}
        if copy is not None:
            data = self.decode(copy)
        else:
            row = self._row(member_id, also, found)
            if row is None:
                return {}
            if redis is not None:
                redis.keep_session(
                    key, row.session_data, self.get_expiry_age(expiry=row.expire_date)
                )
            data = self.decode(row.session_data)
        if data.get(SESSION_KEY) is not None:
            if data[SESSION_KEY] == member_id:
                cache_policy.read_ahead(also, found)
            _remember_member(self.session_key, data[SESSION_KEY])
        return data

    def _row(self, member_id, also: list[str], found: dict):
        """The session's row. When this process knows whose session it is and the cache
        has not that member's row (an emptied cache), their row, permissions and unread
        count come in the same query (``backends.read_with_session``), read after the
        times of the tags it will be cached under, as ``cache_policy.fetch`` reads them."""
        if member_id is None or backends.row_key(member_id) in found:
            return self._get_session_from_db()
        cache_policy.give_times(also, found)
        row = backends.read_with_session(member_id, self.session_key)
        if row is None:
            self._session_key = None  # as Django's own read of a missing row
        return row

    def save(self, must_create=False):
        if self.session_key is None:
            return self.create()  # saves again, with a new key
        super().save(must_create)
        redis = _redis()
        if redis is not None:
            data = self._get_session(no_load=must_create)
            redis.change_session(
                KEY_PREFIX + self.session_key, self.encode(data), self.get_expiry_age()
            )

    def delete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        super().delete(session_key)  # first: a copy read after the tombstone finds no row
        redis = _redis()
        if redis is not None:
            redis.end_session(KEY_PREFIX + session_key, settings.SESSION_COOKIE_AGE)

    # The asynchronous variants too (Django's alogin/alogout), never past the copy.
    async def aload(self):
        return await sync_to_async(self.load)()

    async def asave(self, must_create=False):
        return await sync_to_async(self.save)(must_create)

    async def adelete(self, session_key=None):
        return await sync_to_async(self.delete)(session_key)
