"""Who may add official notices and who marks them superseded."""

from django.core.exceptions import PermissionDenied

from community.accounts.permissions import is_verified_staff, may_moderate


def may_add_notice(user) -> bool:
    """Verified staff (who cite them) and moderators add notices to the shared list."""
    return is_verified_staff(user) or may_moderate(user)


def may_supersede_notice(user) -> bool:
    return may_moderate(user)


def check(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
