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

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from yokoten import cache_policy
from yokoten.member_cache import member_tag

TIMEOUT = 600


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id):
        key = f"member:{user_id}:{cache_policy.version(member_tag(user_id), 'members')}"
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                self.get_all_permissions(user)  # kept with the row: one cache read for both
                cache.set(key, user, TIMEOUT)
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            version = cache_policy.version(member_tag(user_obj.pk), "members")
            key = f"permissions:{user_obj.pk}:{version}"
            permissions = cache.get(key)
            if permissions is None:
                permissions = super().get_all_permissions(user_obj)
                cache.set(key, permissions, TIMEOUT)
            user_obj._perm_cache = permissions
        return user_obj._perm_cache
