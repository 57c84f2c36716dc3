"""Django's model backend, with each member's row and permissions kept in the cache.

Every page a signed-in member opens loads their row (the session names only the
id) and asks at least once whether they moderate (the header, the question page,
the adoption panel); ``ModelBackend`` answers with a query for the row and two
for the permissions, on every request. Here both are cached under the member's
tag ``member:<id>`` (yokoten/cache_policy.py), which every save of the member,
their verification, groups or second factor retires (community/accounts/caching.py);
a change to a group's permissions retires ``members``. A bare ``QuerySet.update()``
of users does not: call ``retire_member(id)`` after one.

When the cache has not the row, it is read in one query with the member's
permissions and the values other apps read with it (``read_with_row``: the unread
count), compiled once per process; after an emptied cache, in the same query as the
session itself when this process knows whose session it is (community/accounts/sessions.py).
"""

from collections.abc import Callable

from asgiref.local import Local
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.core.signals import request_started
from django.db.models import Q
from django.db.models.functions import Now

from yokoten import cache_policy
from yokoten.compiled import STAND_IN, TEXT_STAND_IN
from yokoten.member_cache import member_tag
from yokoten.one_query import ListsQuery

from .caching import visit_tag

TIMEOUT = 600
MUNICIPALITIES = ("staff_municipality__prefecture", "municipality__prefecture")


def _tags(member_id) -> tuple[str, ...]:
    return (member_tag(member_id), "members")


def _row_tags(member_id) -> tuple[str, ...]:
    return (*_tags(member_id), visit_tag(member_id))  # a new visit changes the row


def row_key(member_id) -> str:
    return f"member:{member_id}"


# Read with the session (community/accounts/sessions.py), in its round trip.
cache_policy.read_with_member(
    lambda member_id: [
        row_key(member_id),
        *cache_policy.time_keys((*_row_tags(member_id), cache_policy.EVERYTHING)),
    ]
)

# name -> expression of a value about the member ``OuterRef("pk")``, annotated on their row.
_WITH_ROW: dict[str, Callable] = {}


def read_with_row(name: str, expression: Callable) -> None:
    """``expression()`` gives a value about the member (``OuterRef("pk")``) that every
    page shows, read in the query of their row and cached with it (``user.<name>``):
    whatever changes it must retire ``member:<id>``. Register in ``AppConfig.ready``."""
    _WITH_ROW[name] = expression


def _member_lists(member_id) -> dict:
    return {
        "member": get_user_model()
        ._default_manager.select_related(*MUNICIPALITIES)
        .filter(pk=member_id)
        .annotate(**{name: expression() for name, expression in _WITH_ROW.items()}),
        # Their own and their groups' (a permission in both comes twice: a set keeps one).
        "permissions": Permission.objects.filter(
            Q(user=member_id) | Q(group__user=member_id)
        ).select_related("content_type"),
    }


def _member_and_session_lists(member_id, session_key) -> dict:
    return {
        **_member_lists(member_id),
        "session": Session.objects.filter(session_key=session_key, expire_date__gt=Now()),
    }


_MEMBER = ListsQuery(_member_lists)
_MEMBER_AND_SESSION = ListsQuery(_member_and_session_lists, stand_ins=(STAND_IN, TEXT_STAND_IN))

# member id -> their row read with the session in this request (None: no such member).
_read_ahead = Local()


def _forget_rows_read_ahead(**kwargs) -> None:
    _read_ahead.members = {}


request_started.connect(_forget_rows_read_ahead, dispatch_uid="accounts.backends.read_ahead")


def read_with_session(member_id, session_key: str):
    """The row of the session ``session_key`` (None: it expired or is gone) and, in the
    same query, the row of ``member_id``, whom this process last saw it signed in as:
    ``get_user`` takes it, in this request, if the session names that member. Call it
    once the times of the row's tags are read (``cache_policy.give_times``)."""
    found = _MEMBER_AND_SESSION.read(int(member_id), session_key)
    _read_ahead.members = {int(member_id): _member(found)}
    return found["session"][0] if found["session"] else None


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id):
        def load():
            # With their municipalities (the header, the dashboard) and their permissions:
            # one cache read for all.
            read_ahead = getattr(_read_ahead, "members", None) or {}
            if user_id in read_ahead:
                return read_ahead.pop(user_id)
            return _member(_MEMBER.read(user_id))

        # The row and its tags' times: read with the session, else in one round trip.
        user = cache_policy.fetch(row_key(user_id), _row_tags(user_id), load, timeout=TIMEOUT)
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = cache_policy.fetch(
                f"permissions:{user_obj.pk}",
                _tags(user_obj.pk),
                lambda: super(CachedModelBackend, self).get_all_permissions(user_obj),
                timeout=TIMEOUT,
            )
        return user_obj._perm_cache


def _member(found: dict):
    """The member of ``_member_lists``' rows, their permissions kept on them as
    ``ModelBackend`` keeps them (a superuser has every permission: asked apart)."""
    if not found["member"]:
        return None
    user = found["member"][0]
    if user.is_active and not user.is_superuser:
        user._perm_cache = {
            f"{permission.content_type.app_label}.{permission.codename}"
            for permission in found["permissions"]
        }
    else:
        CachedModelBackend().get_all_permissions(user)
    return user
