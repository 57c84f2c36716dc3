"""Who may record that a curriculum was delivered."""

from django.core.exceptions import PermissionDenied

from casestudies.adoption.models import Adoption
from community.accounts.permissions import is_verified_staff, may_moderate


def may_record_delivery(user, curriculum) -> bool:
    """Verified staff of the municipality that published the curriculum or adopted it."""
    if not is_verified_staff(user):
        return False
    municipality_id = user.staff_municipality_id
    return (
        curriculum.municipality_id == municipality_id
        or Adoption.objects.filter(page_id=curriculum.pk, municipality_id=municipality_id).exists()
    )


def check_record_delivery(user, curriculum) -> None:
    if not may_record_delivery(user, curriculum):
        raise PermissionDenied


def may_remove_delivery(user, delivery) -> bool:
    return is_verified_staff(user, delivery.municipality_id) or may_moderate(user)


def check_remove_delivery(user, delivery) -> None:
    if not may_remove_delivery(user, delivery):
        raise PermissionDenied
