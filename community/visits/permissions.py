"""Who may see and do what with visit offers, requests and reports.

Requests are private: only the requester, the host municipality's verified
staff and moderators see one, and everyone else gets a 404 as if it did not
exist. Acting on a request is for its two sides only; moderators read.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from community.accounts.permissions import (
    is_member,
    is_verified_staff,
    may_host_visits,
    may_moderate,
)

from .states import (
    CALENDAR_STATUSES,
    MESSAGE_STATUSES,
    REPORT_STATUSES,
    TRANSITIONS,
    Side,
)

# --- Offers ---------------------------------------------------------------


def may_publish_offers(user) -> bool:
    """Verified staff publish offers for their own municipality."""
    return is_verified_staff(user)


def may_edit_offer(user, offer) -> bool:
    return may_host_visits(user, offer.municipality_id)


def may_view_offer(user, offer) -> bool:
    return offer.is_published or may_edit_offer(user, offer)


def may_request_visit(user, offer) -> bool:
    """Any member may ask, except the host's own staff."""
    return (
        is_member(user)
        and offer.is_published
        and not is_verified_staff(user, offer.municipality_id)
    )


def check_edit_offer(user, offer) -> None:
    if not may_edit_offer(user, offer):
        raise PermissionDenied


def check_request_visit(user, offer) -> None:
    if not may_request_visit(user, offer):
        raise PermissionDenied


# --- Requests -------------------------------------------------------------


def side_of(user, visit) -> str | None:
    """Which side ``user`` is on: the requester, the host, or neither (None)."""
    if not is_member(user):
        return None
    if visit.requester_id == user.pk:
        return Side.REQUESTER
    if may_host_visits(user, visit.offer.municipality_id):
        return Side.HOST
    return None


def may_view_request(user, visit) -> bool:
    return side_of(user, visit) is not None or may_moderate(user)


def filter_visible_requests(user, queryset):
    if not is_member(user):
        return queryset.none()
    if may_moderate(user):
        return queryset
    visible = Q(requester=user)
    if is_verified_staff(user):
        visible |= Q(offer__municipality_id=user.staff_municipality_id)
    return queryset.filter(visible)


def may_act(user, visit, action: str) -> bool:
    return TRANSITIONS[action].allows(visit.status, side_of(user, visit))


def may_post_message(user, visit) -> bool:
    return side_of(user, visit) is not None and visit.status in MESSAGE_STATUSES


def may_download_calendar(user, visit) -> bool:
    return side_of(user, visit) is not None and visit.status in CALENDAR_STATUSES


def may_write_report(user, visit) -> bool:
    return side_of(user, visit) is not None and visit.status in REPORT_STATUSES


def may_report_adoption(user, visit) -> bool:
    """The visitors' report may record that their municipality adopts what it saw
    (横展開) when its author is verified staff of the visiting municipality."""
    return (
        side_of(user, visit) == Side.REQUESTER
        and visit.visitor_municipality_id is not None
        and is_verified_staff(user, visit.visitor_municipality_id)
    )


def check_view_request(user, visit) -> None:
    """Someone who may not see a request learns nothing, not even that it exists."""
    if not may_view_request(user, visit):
        raise Http404


def check_act(user, visit, action: str) -> None:
    """The side check only; a request in the wrong state is for the service to refuse."""
    if side_of(user, visit) not in TRANSITIONS[action].sides:
        raise PermissionDenied


def check_post_message(user, visit) -> None:
    if not may_post_message(user, visit):
        raise PermissionDenied


def check_download_calendar(user, visit) -> None:
    if not may_download_calendar(user, visit):
        raise PermissionDenied


def check_write_report(user, visit) -> None:
    if not may_write_report(user, visit):
        raise PermissionDenied


# --- Calendar -------------------------------------------------------------


def may_see_host_calendar(user) -> bool:
    return is_verified_staff(user)
