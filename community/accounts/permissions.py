"""Who may do what. Every rule about members lives here; views, templates and
later domains (case studies, forum, visits) call these functions and never
re-derive a rule inline.

Roles: visitor (anonymous), member (signed in), verified staff (認証済み職員 of
one municipality, until their verification expires), moderator, site admin.

The second factor (one rule): every power a member can hold here needs a session
that passed two-factor authentication. A power is a Django permission or the staff
flag, and those are exactly what moderators (moderation anywhere: the queues,
hiding, revocation, reading private visit requests, editing others' posts, the
staff-only boards through the role), CMS contributors (the Wagtail admin) and
site admins (the Django admin, everything) hold; plain members hold none. So
``User.has_perm`` and ``may_use_django_admin`` ask ``may_use_powers``, which asks
the session's authentication level (allauth's records, put on the request's user
by ``SecondFactorMiddleware``), never the URL. A member object that did not come
through such a session (a task, a shell) holds no power either.
"""

from django.core.exceptions import PermissionDenied

STAFF_GROUP = "認証済み職員"
MODERATOR_GROUP = "モデレーター"
SITE_ADMIN_GROUP = "サイト管理者"
MODERATE_PERMISSION = "accounts.moderate_members"


class SecondFactorRequired(PermissionDenied):
    """The member holds the power, but this session has not passed the second
    factor yet; ``SecondFactorMiddleware`` sends them to set it up or enter a code."""


# The session's authentication level, set on the request's user (see the module docstring).
SECOND_FACTOR_ATTRIBUTE = "session_passed_second_factor"


def mark_session_level(user, *, second_factor: bool) -> None:
    setattr(user, SECOND_FACTOR_ATTRIBUTE, second_factor)


def session_passed_second_factor(user) -> bool:
    return getattr(user, SECOND_FACTOR_ATTRIBUTE, False) is True


def may_use_powers(user) -> bool:
    """The one rule: powers (Django permissions, the staff flag) work only from a
    session that passed the second factor."""
    return session_passed_second_factor(user)


def holds_powers(user) -> bool:
    """Whether ``user`` holds any power, whatever this session's level."""
    return is_member(user) and (user.is_staff or user.is_superuser or bool(user.held_permissions()))


def holds_moderator_role(user) -> bool:
    """A moderator or site admin, whatever this session's level (``may_moderate``
    says whether they may act now)."""
    return is_member(user) and user.holds_perm(MODERATE_PERMISSION)


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
    """Moderation anywhere; ``has_perm`` is true for site admins and asks ``may_use_powers``."""
    return is_member(user) and user.has_perm(MODERATE_PERMISSION)


def may_use_django_admin(user) -> bool:
    return is_member(user) and user.is_staff and may_use_powers(user)


def is_site_admin(user) -> bool:
    """Site administrators; reports that list who did what (Wagtail's site history,
    locked and ageing pages, workflows) are theirs alone."""
    return is_member(user) and user.is_superuser and may_use_powers(user)


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


def check_moderate(user) -> None:
    if may_moderate(user):
        return
    if holds_moderator_role(user):
        raise SecondFactorRequired
    raise PermissionDenied


def check_request_verification(user) -> None:
    if not may_request_verification(user):
        raise PermissionDenied
