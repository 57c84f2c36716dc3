"""What a change to a member retires from the caches (yokoten/cache_policy.py).

A member's cached row and permissions are filed under ``member:<id>``. Their name,
municipality and staff badge appear beside everything they wrote, so a change to
the member or their verification also retires every page (rare: a profile edit,
a verification decided, an account deleted); a sign-in (``last_login``) retires
nothing. Connected in AccountsConfig.ready().
"""

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save

from yokoten import cache_policy
from yokoten.member_cache import member_tag

from .models import StaffVerification, User, VerificationRequest

UNSEEN_UPDATES = (frozenset({"last_login"}),)


def retire_member(member_id, *, shown_on_pages: bool = True) -> None:
    """After a bare ``QuerySet.update()`` of a member: their cached row, and the
    pages that show their name (``shown_on_pages``)."""
    cache_policy.retire(member_tag(member_id))
    if shown_on_pages:
        cache_policy.retire_everything()


def visit_tag(member_id) -> str:
    """The start of a member's current visit to their dashboard, kept in their row
    (``home_visited_at``, ``news_since``: news.py). A new visit retires their cached
    row alone: the dashboard kept from the visit before ends with it."""
    return f"visit:{member_id}"


def _member_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and frozenset(update_fields) in UNSEEN_UPDATES):
        return
    retire_member(instance.pk)


def _their_record_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        retire_member(instance.user_id)


def _own_record_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        retire_member(instance.user_id, shown_on_pages=False)


def _groups_changed(sender, instance, action, pk_set=None, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, User):
        retire_member(instance.pk, shown_on_pages=False)
    else:  # a group's members or permissions changed
        cache_policy.retire("members")


def connect() -> None:
    post_save.connect(_member_saved, sender=User, dispatch_uid="caching.member_saved")
    post_delete.connect(_member_saved, sender=User, dispatch_uid="caching.member_deleted")
    for model in (StaffVerification,):
        post_save.connect(_their_record_changed, sender=model, dispatch_uid=f"caching.{model}.s")
        post_delete.connect(_their_record_changed, sender=model, dispatch_uid=f"caching.{model}.d")
    for model in (VerificationRequest, Authenticator):
        post_save.connect(_own_record_changed, sender=model, dispatch_uid=f"caching.{model}.s")
        post_delete.connect(_own_record_changed, sender=model, dispatch_uid=f"caching.{model}.d")
    for through in (
        User.groups.through,
        User.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(_groups_changed, sender=through, dispatch_uid=f"caching.{through}")
