"""Who hears about a change to a visit request, and how.

- In the inbox (``community/notifications``): every change reaches the other side's
  members — a new request, a change, a cancellation, a message or a report reaches
  the host municipality's verified staff (kind ``visits_hosted``); dates proposed, a
  confirmation, a refusal, a message or a report reaches the requester
  (``visits_mine``). The service only queues the announcement; a worker makes the
  items (``announce_later``). Each item links to the request page.
- By email, exactly once per change: the requester as their notification settings
  say (at once unless they chose otherwise); the host at the offer's department
  address (``notify_email``), written into the outbox in the change's own
  transaction. The host's staff are emailed for their inbox items only if they ask
  for it (``visits_hosted`` is inbox-only by default: the department address already
  has the email).

Emails carry a link, not contact details.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.notifications.registry import register_announcer, register_kind, register_target
from community.notifications.services import announce_later, notify

from .states import Side

HOSTED = register_kind(
    "visits_hosted",
    label=pgettext_lazy(
        "notification kind",
        "Visit requests to my municipality: new requests, changes, messages and reports",
    ),
    message={
        "requested": pgettext_lazy("notification", "%(actor)s requested a visit: “%(title)s”"),
        "update": pgettext_lazy(
            "notification", "%(actor)s changed their visit request: “%(title)s”"
        ),
        "cancel": pgettext_lazy("notification", "%(actor)s cancelled their visit: “%(title)s”"),
        "message": pgettext_lazy("notification", "%(actor)s wrote about the visit “%(title)s”"),
        "report": pgettext_lazy("notification", "%(actor)s published a visit report: “%(title)s”"),
        "mark_done": pgettext_lazy("notification", "%(actor)s marked the visit done: “%(title)s”"),
    },
    default_delivery="off",  # the offer's department address is emailed already
)
MINE = register_kind(
    "visits_mine",
    label=pgettext_lazy(
        "notification kind",
        "My visit requests: dates proposed, confirmed or declined, messages and reports",
    ),
    message={
        "propose": pgettext_lazy(
            "notification", "%(actor)s proposed dates for your visit: “%(title)s”"
        ),
        "confirm": pgettext_lazy("notification", "%(actor)s confirmed your visit: “%(title)s”"),
        "decline": pgettext_lazy(
            "notification", "%(actor)s declined your visit request: “%(title)s”"
        ),
        "message": pgettext_lazy("notification", "%(actor)s wrote about your visit “%(title)s”"),
        "mark_done": pgettext_lazy(
            "notification", "Your visit is done: would you write a visit report? “%(title)s”"
        ),
        "report": pgettext_lazy("notification", "%(actor)s published a visit report: “%(title)s”"),
    },
)

# The department address's email, by event: (subject, first line). %(offer)s is the offer's title.
EVENTS = {
    "requested": (
        _("New visit request: %(offer)s"),
        _("A visit request for “%(offer)s” has arrived."),
    ),
    "update": (
        _("Visit request changed: %(offer)s"),
        _("The visitor changed their request for “%(offer)s”."),
    ),
    "propose": (
        _("Dates proposed for your visit: %(offer)s"),
        _("The host proposed dates for your visit “%(offer)s”. Reply in the message thread."),
    ),
    "confirm": (
        _("Visit confirmed: %(offer)s"),
        _(
            "The host confirmed the date of your visit “%(offer)s”. "
            "A calendar file is on the request page."
        ),
    ),
    "decline": (
        _("Visit request declined: %(offer)s"),
        _("The host declined your visit request for “%(offer)s”."),
    ),
    "cancel": (
        _("Visit request cancelled: %(offer)s"),
        _("The visitor cancelled their request for “%(offer)s”."),
    ),
    "mark_done": (
        _("Visit done: %(offer)s"),
        _("The visit “%(offer)s” was marked as done. Would you write a visit report?"),
    ),
    "message": (
        _("New message about the visit: %(offer)s"),
        _("There is a new message about the visit “%(offer)s”."),
    ),
    "report": (
        _("Visit report published: %(offer)s"),
        _("A visit report about “%(offer)s” was published."),
    ),
}


_muted: ContextVar[bool] = ContextVar("visits_notifications_muted", default=False)


@contextmanager
def muted():
    """No emails for changes made inside (the demo loader: its accounts sit on real
    municipal domains)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _host_staff(visit):
    """The host municipality's verified staff (who may see and act on the request)."""
    return get_user_model().objects.filter(
        staff_municipality_id=visit.offer.municipality_id,
        staff_until__gt=timezone.now(),
        is_active=True,
        deleted_at__isnull=True,
    )


def notify_other_side(
    visit, *, event: str, actor_side: str, actor=None, note: str = "", occurrence=None
) -> None:
    """Tell the other side about ``event``: the host's department address by email now
    (in this transaction), both sides' inboxes (and the requester's email) by a task
    once the change commits. ``occurrence`` tells two events of one kind apart (a
    message's id; by default the request's version after the change)."""
    if _muted.get():
        return
    if actor_side == Side.REQUESTER:
        _email_host(visit, event=event, note=note)
    announce_later(
        "visits.change",
        str(visit.pk),
        event,
        actor_side,
        getattr(actor, "pk", None),
        str(occurrence if occurrence is not None else visit.version),
        note[:300],
    )


def _email_host(visit, *, event: str, note: str) -> None:
    """One email to the offer's department address, into the outbox with the change."""
    subject_text, first_line = EVENTS[event]
    with translation.override(settings.LANGUAGE_CODE):
        names = {"offer": visit.offer.title}
        context = {
            "visit": visit,
            "offer": visit.offer,
            "to_host": True,
            "first_line": first_line % names,
            "note": note,
            "site_url": settings.WAGTAILADMIN_BASE_URL,
        }
        subject = render_to_string(
            "visits/email/notification_subject.txt", {"subject": subject_text % names}
        ).strip()
        body = render_to_string("visits/email/notification_message.txt", context)
    send_mail(subject, body, None, [visit.offer.notify_email])


def announce_change(
    visit_id: str, event: str, actor_side: str, actor_id, occurrence: str, note: str
) -> None:
    """The task's half: inbox items for the other side (and the requester's email)."""
    from .models import VisitRequest

    visit = VisitRequest.objects.select_related("offer", "requester").filter(pk=visit_id).first()
    if visit is None:
        return
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    to_host = actor_side == Side.REQUESTER
    notify(
        _host_staff(visit) if to_host else [visit.requester],
        kind=HOSTED if to_host else MINE,
        event=f"visits.{event}.{visit.pk}.{occurrence}",
        target=visit,
        title=visit.offer.title,
        url=visit.get_absolute_url(),
        actor=actor,
        excerpt=note,
    )


def register() -> None:
    from .models import VisitRequest
    from .permissions import filter_visible_requests

    register_announcer("visits.change", announce_change)
    register_target(VisitRequest, filter_visible_requests)
