"""Telling both sides of a handover (kind ``handover``): the predecessor that their
work now has a new contact, the successor that a colleague's work came to them (the
one who moved it is not told: they know). ``services.hand_over`` queues the
announcement; members choose in their email settings whether it is emailed at once,
in the digest or not at all, and it is always in their inbox."""

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from community.notifications.registry import register_announcer, register_kind, register_target
from community.notifications.services import notify

HANDOVER = register_kind(
    "handover",
    label=pgettext_lazy(
        "notification kind", "My work was handed over to a colleague, or a colleague's to me"
    ),
    message={
        "taken": pgettext_lazy("notification", "%(actor)s took over what you published"),
        "from": pgettext_lazy(
            "notification", "%(actor)s handed what you published over to %(title)s"
        ),
        "to": pgettext_lazy("notification", "%(actor)s handed you what %(title)s published"),
    },
)


def announce_handover(handover_id: int) -> None:
    from .models import Handover

    handover = (
        Handover.objects.select_related("predecessor", "successor", "actor", "municipality")
        .filter(pk=handover_id)
        .first()
    )
    if handover is None or handover.predecessor is None or handover.successor is None:
        return
    excerpt = "、".join(handover.titles)
    verb = "taken" if handover.how == Handover.How.TAKEN_OVER else "from"
    live = handover.pages.live().order_by("pk").first()
    notify(
        [handover.predecessor],
        kind=HANDOVER,
        event=f"handover.{verb}.{handover.pk}",
        target=handover,
        title=handover.successor.public_name,
        url=(live.url if live is not None else "") or reverse("notifications:inbox"),
        actor=handover.actor,
        excerpt=excerpt,
    )
    notify(
        [handover.successor],
        kind=HANDOVER,
        event=f"handover.to.{handover.pk}",
        target=handover,
        title=handover.predecessor.public_name,
        url=reverse("handover:overview"),
        actor=handover.actor,
        excerpt=excerpt,
    )


def register() -> None:
    from .models import Handover

    register_announcer("handover.transferred", announce_handover)
    register_target(Handover, lambda user, queryset: queryset.involving(user))
