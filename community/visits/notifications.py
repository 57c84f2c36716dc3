"""One email to the other side for every change to a request, sent after the
transaction commits, in Japanese. Emails carry a link, not contact details."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .states import Side

# event: (subject, first line). %(offer)s is the offer's title.
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


def recipient_for(visit, *, actor_side: str) -> str | None:
    """The other side's address: the host's notification address, or the requester's."""
    if actor_side == Side.REQUESTER:
        return visit.offer.notify_email
    requester = visit.requester
    if not requester.is_active or requester.deleted_at:
        return None
    return requester.email


def notify_other_side(visit, *, event: str, actor_side: str, note: str = "") -> None:
    """Queue exactly one email for ``event``, sent once the change is committed."""
    recipient = recipient_for(visit, actor_side=actor_side)
    if not recipient or _muted.get():
        return
    subject_text, first_line = EVENTS[event]

    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            names = {"offer": visit.offer.title}
            context = {
                "visit": visit,
                "offer": visit.offer,
                "to_host": actor_side == Side.REQUESTER,
                "first_line": first_line % names,
                "note": note,
                "site_url": settings.WAGTAILADMIN_BASE_URL,
            }
            subject = render_to_string(
                "visits/email/notification_subject.txt",
                {"subject": subject_text % names},
            ).strip()
            body = render_to_string("visits/email/notification_message.txt", context)
        send_mail(subject, body, None, [recipient])

    transaction.on_commit(send)
