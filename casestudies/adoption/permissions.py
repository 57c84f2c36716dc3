"""Who may record 横展開. Built on the member rules in community.accounts.permissions."""

from django.core.exceptions import PermissionDenied

from community.accounts.permissions import is_verified_staff, may_moderate, may_publish_case_studies


def may_adopt(user, page) -> bool:
    """Verified staff record adoptions for their own municipality, of items another
    municipality published."""
    if not is_verified_staff(user):
        return False
    municipality_id = user.staff_municipality_id
    return (
        may_publish_case_studies(user, municipality_id) and page.municipality_id != municipality_id
    )


def is_publisher_of(user, page) -> bool:
    """Verified staff of the municipality that published the page (the panel tells them
    who adopted it instead of offering to adopt it)."""
    return is_verified_staff(user, page.municipality_id)


def check_adopt(user, page) -> None:
    if not may_adopt(user, page):
        raise PermissionDenied


def may_withdraw_adoption(user, adoption) -> bool:
    """Staff of the adopting municipality, or a moderator."""
    return is_verified_staff(user, adoption.municipality_id) or may_moderate(user)


def check_withdraw_adoption(user, adoption) -> None:
    if not may_withdraw_adoption(user, adoption):
        raise PermissionDenied
