"""Django's model backend, with each member's row and permissions kept in the cache.

Every page a signed-in member opens loads their row (the session names only the
id) and asks at least once whether they moderate (the header, the question page,
the adoption panel); ``ModelBackend`` answers with a query for the row and two
for the permissions, on every request. Here both are cached under the member's
tag ``member:<id>`` (yokoten/cache_policy.py), which every save of the member,
their verification, groups or second factor retires (community/accounts/caching.py);
a change to a group's permissions retires ``members``. A bare ``QuerySet.update()``
of users does not: call ``retire_member(id)`` after one.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from yokoten import cache_policy
from yokoten.member_cache import member_tag

from .caching import visit_tag

TIMEOUT = 600
MUNICIPALITIES = ("staff_municipality__prefecture", "municipality__prefecture")


def _tags(member_id) -> tuple[str, ...]:
    return (member_tag(member_id), "members")


def _row_tags(member_id) -> tuple[str, ...]:
    return (*_tags(member_id), visit_tag(member_id))  # a new visit changes the row


def _row_key(member_id) -> str:
    return f"member:{member_id}"


# Read with the session (community/accounts/sessions.py), in its round trip.
cache_policy.read_with_member(
    lambda member_id: [
        _row_key(member_id),
        *cache_policy.time_keys((*_row_tags(member_id), cache_policy.EVERYTHING)),
    ]
)


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id):
        def load():
            # With their municipalities (the header, the dashboard): no query to reach them.
            user = (
                get_user_model()
                ._default_manager.select_related(*MUNICIPALITIES)
                .filter(pk=user_id)
                .first()
            )
            if user is not None:
                self.get_all_permissions(user)  # kept with the row: one cache read for both
            return user

        # The row and its tags' times: read with the session, else in one round trip.
        user = cache_policy.fetch(_row_key(user_id), _row_tags(user_id), load, timeout=TIMEOUT)
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
