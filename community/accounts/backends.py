"""Django's model backend, with each member's permissions kept in the shared cache.

Every page a member opens asks at least once whether they moderate (the header,
the question page, the adoption panel); ``ModelBackend`` answers with two queries
per request. Here the answer is cached under the page-cache version, which every
write to accounts or auth (a group joined, a permission granted) retires at once.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from yokoten.page_cache import current_version


class CachedPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = f"pagecache:{current_version()}:permissions:{user_obj.pk}"
            permissions = cache.get(key)
            if permissions is None:
                permissions = super().get_all_permissions(user_obj)
                cache.set(key, permissions, 600)
            user_obj._perm_cache = permissions
        return user_obj._perm_cache
