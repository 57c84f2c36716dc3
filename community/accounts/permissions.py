"""Who may do what. Every rule about members lives here; views, templates and
later domains (case studies, forum, visits) call these functions and never
re-derive a rule inline.

Roles: visitor (anonymous), member (signed in), verified staff (認証済み職員 of
one municipality, until their verification expires), moderator, site admin.
"""

from django.core.exceptions import PermissionDenied

STAFF_GROUP = "認証済み職員"
MODERATOR_GROUP = "モデレーター"
SITE_ADMIN_GROUP = "サイト管理者"
MODERATE_PERMISSION = "accounts.moderate_members"


def is_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_verified_staff(user, municipality=None) -> bool:
    """Verified staff now (not expired, not revoked), optionally of ``municipality``."""
    if not is_member(user) or not user.is_verified_staff:
        return False
    return municipality is None or user.staff_municipality_id == getattr(
        municipality, "pk", municipality
    )


def may_moderate(user) -> bool:
    return is_member(user) and (user.is_superuser or user.has_perm(MODERATE_PERMISSION))


def may_publish_case_studies(user, municipality=None) -> bool:
    """Verified staff write case studies, templates and curricula for their own municipality only."""
    return is_verified_staff(user, municipality)


def may_post_in_staff_boards(user) -> bool:
    return is_verified_staff(user) or may_moderate(user)


def may_host_visits(user, municipality) -> bool:
    return is_verified_staff(user, municipality)


def may_request_verification(user) -> bool:
    return is_member(user) and not is_verified_staff(user)


def may_view_profile(viewer, member) -> bool:
    if member.deleted_at or not member.is_active:
        return False
    if member.profile_visibility == "public" or viewer == member:
        return True
    return is_member(viewer)


def requires_mfa(user) -> bool:
    """Moderators and everyone who can open the Wagtail admin must use two-factor authentication."""
    return is_member(user) and (may_moderate(user) or user.has_perm("wagtailadmin.access_admin"))


def check_moderate(user) -> None:
    if not may_moderate(user):
        raise PermissionDenied


def check_request_verification(user) -> None:
    if not may_request_verification(user):
        raise PermissionDenied
