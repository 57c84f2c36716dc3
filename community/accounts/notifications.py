"""A moderator's decision on a member's staff verification reaches the member
through the inbox (kind ``accounts_verification``), and by the email of that
decision unless they chose otherwise."""

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from community.notifications.registry import register_kind, register_target
from community.notifications.services import notify

DECIDED = register_kind(
    "accounts_verification",
    label=pgettext_lazy(
        "notification kind", "Decisions on my staff verification (approved, refused, revoked)"
    ),
    message={
        "approved": pgettext_lazy("notification", "A moderator verified you as staff of %(title)s"),
        "rejected": pgettext_lazy(
            "notification", "A moderator could not verify you as staff of %(title)s"
        ),
        "revoked": pgettext_lazy(
            "notification", "A moderator revoked your verification as staff of %(title)s"
        ),
    },
    template="accounts/email/verification_decision",
)


def tell_member(member, verdict: str, target, *, municipality, actor, reason: str = "") -> None:
    """One inbox item (and its email) for ``verdict`` on ``target`` (the request or the verification)."""
    notify(
        [member],
        kind=DECIDED,
        event=f"accounts.{verdict}.{type(target).__name__.lower()}.{target.pk}",
        target=target,
        title=municipality.display_name if municipality else "",
        url=reverse("accounts:verification"),
        actor=actor,
        excerpt=reason,
    )


def register() -> None:
    from .models import VerificationRequest

    register_target(VerificationRequest, lambda user, queryset: queryset.filter(user=user))
