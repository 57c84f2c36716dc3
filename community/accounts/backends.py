"""Django's model backend, with each member's row and permissions kept in the cache.

Every page a signed-in member opens loads their row (the session names only the
id) and asks at least once whether they moderate (the header, the question page,
the adoption panel); ``ModelBackend`` answers with a query for the row and two
for the permissions, on every request. Here both are cached under the page-cache
version, which every write to accounts or auth (a profile saved, a verification
granted, a group joined, a permission changed, a member deactivated) retires at
once. A bare ``QuerySet.update()`` of users does not: call
``yokoten.page_cache.invalidate_all()`` after one.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from yokoten.page_cache import current_version

TIMEOUT = 600


class CachedModelBackend(ModelBackend):
    def get_user(self, user_id):
        key = f"pagecache:{current_version()}:member:{user_id}"
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
            key = f"pagecache:{current_version()}:permissions:{user_obj.pk}"
            permissions = cache.get(key)
            if permissions is None:
                permissions = super().get_all_permissions(user_obj)
                cache.set(key, permissions, TIMEOUT)
            user_obj._perm_cache = permissions
        return user_obj._perm_cache
