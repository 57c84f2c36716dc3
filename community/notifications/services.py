"""Notify members on site and by email; send the daily and weekly digests.

``announce_later(name, *ids)`` is how a service tells members about a change: it
queues one task (``tasks.announce``) with the change, and the request is done. The
task runs the app's registered announcer, which picks the recipients (only members
who may see the target) and calls ``notify``: one inbox item per (event, recipient),
made in bulk, and, for members who want it at once, the email, queued in the outbox
in the same transaction. The rest waits for the digest. An email is claimed in the
database (``emailed_at`` / ``digested_at`` set under a row lock) before it is handed
to the outbox, so one event never mails anyone twice, even when the task runs twice
or two processes announce it at the same moment. A task that fails is retried with
backoff (``run_announcer``).
"""

import logging
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator

from yokoten.member_cache import forget_menus
from yokoten.tasks import backoff, enqueue_after_commit, retry_later

from . import registry
from .models import (
    DEFAULT_DELIVERY,
    DEFAULT_DIGEST_FREQUENCY,
    Delivery,
    DigestSetting,
    EmailPreference,
    Notification,
)
from .registry import visible_target_keys

# A failing announcer is tried again after 1, 2, 4 … minutes, this many times in all.
ANNOUNCE_MAX_ATTEMPTS = 8

logger = logging.getLogger(__name__)


def _reachable(member, actor) -> bool:
    return (
        member is not None
        and member.is_active
        and not member.deleted_at
        and member.pk != getattr(actor, "pk", None)
    )


def new_notification(
    recipient_id: int,
    *,
    kind: str,
    event: str,
    target,
    title: str,
    url: str,
    actor=None,
    excerpt: str = "",
    delivery: str = DEFAULT_DELIVERY,
) -> Notification:
    """The inbox item ``notify`` makes for one recipient, unsaved (bulk loaders save many at once)."""
    return Notification(
        recipient_id=recipient_id,
        kind=kind,
        event_key=event,
        actor=actor if getattr(actor, "pk", None) else None,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        title=Truncator(title).chars(200),
        excerpt=Truncator(" ".join(excerpt.split())).chars(300),
        url=url,
        delivery=delivery,
    )


def notify(
    recipients: Iterable,
    *,
    kind: str,
    event: str,
    target,
    title: str,
    url: str,
    actor=None,
    excerpt: str = "",
) -> list[Notification]:
    """Tell ``recipients`` (never the actor) about ``event``; returns the items made now.

    Announcing an event again reaches only recipients who were not told yet.
    """
    members = {member.pk: member for member in recipients if _reachable(member, actor)}
    if not members:
        return []
    with transaction.atomic():
        already = set(
            Notification.objects.filter(event_key=event, recipient_id__in=members).values_list(
                "recipient_id", flat=True
            )
        )
        new_ids = sorted(pk for pk in members if pk not in already)  # same order every time
        if not new_ids:
            return []
        deliveries = dict(
            EmailPreference.objects.filter(member_id__in=new_ids, kind=kind).values_list(
                "member_id", "delivery"
            )
        )
        Notification.objects.bulk_create(
            [
                new_notification(
                    pk,
                    kind=kind,
                    event=event,
                    target=target,
                    title=title,
                    url=url,
                    actor=actor,
                    excerpt=excerpt,
                    delivery=deliveries.get(pk, registry.kind(kind).default_delivery),
                )
                for pk in new_ids
            ],
            ignore_conflicts=True,  # someone announced the same event at the same moment
        )
        forget_menus(new_ids)
        made = list(Notification.objects.filter(event_key=event, recipient_id__in=new_ids))
        _email_at_once([item.pk for item in made if item.delivery == Delivery.INSTANT])
    return made


def _email_at_once(notification_ids: list[int]) -> int:
    """Claim and queue the emails of these items (those nobody emailed yet); returns how many."""
    if not notification_ids:
        return 0
    with transaction.atomic():
        unclaimed = Notification.objects.filter(
            pk__in=notification_ids, emailed_at__isnull=True, digested_at__isnull=True
        )
        if transaction.get_connection().features.has_select_for_update:
            unclaimed = unclaimed.select_for_update()  # a second claimant waits, then finds none
        claimed = list(unclaimed.values_list("pk", flat=True))
        Notification.objects.filter(pk__in=claimed).update(emailed_at=timezone.now())
        items = Notification.objects.filter(pk__in=claimed).select_related("recipient", "actor")
        for notification in items.order_by("pk"):
            _mail_notification(notification)
    return len(claimed)


_inline: ContextVar[bool] = ContextVar("notifications_announce_inline", default=False)


@contextmanager
def announcing_inline():
    """Announce inside the caller's transaction instead of on the queue (the demo loader,
    which backdates the inbox items it makes)."""
    token = _inline.set(True)
    try:
        yield
    finally:
        _inline.reset(token)


def announce_later(name: str, *args) -> None:
    """Run the registered announcer ``name`` with ``args`` (ids) on the task queue, once
    the caller's transaction commits (and never if it rolls back)."""
    from .tasks import announce

    announcer = registry.announcer(name)  # fail now, in the caller, on an unknown name
    if _inline.get():
        announcer(*args)
        return
    enqueue_after_commit(announce, name, list(args))


def run_announcer(name: str, args: list, attempt: int = 1) -> str:
    """One attempt at an announcement: "done", or "retry" (queued again after a backoff);
    raises on the last attempt. Everything it makes commits together or not at all."""
    from .tasks import announce

    try:
        with transaction.atomic():
            registry.announcer(name)(*args)
    except Exception:
        if attempt >= ANNOUNCE_MAX_ATTEMPTS:
            logger.exception("Announcement %s%s failed %s times; giving up", name, args, attempt)
            raise
        retry_at = timezone.now() + backoff(attempt)
        retry_later(announce, name, args, attempt=attempt + 1, run_after=retry_at)
        logger.warning(
            "Announcement %s%s failed (attempt %s), again at %s",
            name,
            args,
            attempt,
            retry_at,
            exc_info=True,
        )
        return "retry"
    return "done"


def _render_mail(template: str, context: dict) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
            "settings_path": reverse("notifications:settings"),
            **context,
        }
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_message.txt", context)
    return " ".join(subject.split()), body


def send_notification_email(notification_id: int) -> bool:
    """Email one inbox item, unless it was already emailed (or sent in a digest)."""
    return _email_at_once([notification_id]) == 1


def _mail_notification(notification: Notification) -> None:
    recipient = notification.recipient
    if not _reachable(recipient, None):
        return
    with translation.override(settings.LANGUAGE_CODE):
        message = notification.message
    subject, body = _render_mail(
        registry.kind(notification.kind).template,
        {"notification": notification, "message": message, "member": recipient},
    )
    send_mail(subject, body, None, [recipient.email])


def digest_frequency_of(member) -> str:
    setting = DigestSetting.objects.filter(member=member).first()
    return setting.frequency if setting else DEFAULT_DIGEST_FREQUENCY


def send_digests(period: str) -> int:
    """Send every member whose digest comes every ``period`` ("daily" or "weekly") the items
    kept for it since the last one; returns how many digests went out."""
    from django.contrib.auth import get_user_model

    waiting = set(
        Notification.objects.awaiting_digest().values_list("recipient_id", flat=True).distinct()
    )
    chosen = dict(
        DigestSetting.objects.filter(member_id__in=waiting).values_list("member_id", "frequency")
    )
    due = [pk for pk in waiting if chosen.get(pk, DEFAULT_DIGEST_FREQUENCY) == period]
    members = get_user_model().objects.filter(pk__in=due, is_active=True, deleted_at__isnull=True)
    return sum(_send_digest(member, period) for member in members.order_by("pk"))


@transaction.atomic
def _send_digest(member, period: str) -> bool:
    pending = Notification.objects.awaiting_digest().filter(recipient=member)
    if transaction.get_connection().features.has_select_for_update_skip_locked:
        pending = pending.select_for_update(skip_locked=True)  # a second run skips these rows
    items = list(pending.order_by("created_at", "pk"))
    if not items:
        return False
    now = timezone.now()
    Notification.objects.filter(
        pk__in=[item.pk for item in items], digested_at__isnull=True
    ).update(digested_at=now)
    DigestSetting.objects.update_or_create(member=member, defaults={"last_sent_at": now})
    visible = visible_target_keys(member, items)
    shown = [item.pk for item in items if item.target_key in visible]
    if not shown:
        return False
    _mail_digest(member.pk, shown, period)  # into the outbox, committed with the claim
    return True


def _mail_digest(member_id: int, notification_ids: list[int], period: str) -> None:
    notifications = list(
        Notification.objects.filter(pk__in=notification_ids)
        .select_related("recipient", "actor")
        .order_by("created_at", "pk")
    )
    if not notifications:
        return
    member = notifications[0].recipient
    with translation.override(settings.LANGUAGE_CODE):
        lines = [(item.message, item.url) for item in notifications]
    subject, body = _render_mail(
        "notifications/email/digest",
        {"member": member, "lines": lines, "period": period, "count": len(lines)},
    )
    send_mail(subject, body, None, [member.email])


def mark_read(member, notification: Notification) -> bool:
    changed = Notification.objects.filter(
        pk=notification.pk, recipient=member, read_at__isnull=True
    ).update(read_at=timezone.now())
    if changed:
        forget_menus([member.pk])
    return bool(changed)


def mark_all_read(member) -> int:
    changed = Notification.objects.for_member(member).unread().update(read_at=timezone.now())
    if changed:
        forget_menus([member.pk])
    return changed


@transaction.atomic
def save_preferences(member, deliveries: dict[str, str], frequency: str) -> bool:
    """Store how each kind is emailed and how often the digest comes; returns whether anything changed."""
    changed = False
    current = dict(EmailPreference.objects.filter(member=member).values_list("kind", "delivery"))
    for kind, delivery in deliveries.items():
        if current.get(kind, _default_delivery(kind)) != delivery:
            EmailPreference.objects.update_or_create(
                member=member, kind=kind, defaults={"delivery": delivery}
            )
            changed = True
    if digest_frequency_of(member) != frequency:
        DigestSetting.objects.update_or_create(member=member, defaults={"frequency": frequency})
        changed = True
    return changed


def preferences_of(member) -> dict[str, str]:
    saved = dict(EmailPreference.objects.filter(member=member).values_list("kind", "delivery"))
    return {kind.key: saved.get(kind.key, kind.default_delivery) for kind in registry.kinds()}


def _default_delivery(key: str) -> str:
    return registry.kind(key).default_delivery
