"""Events: 勉強会, online meetings and visits open to several towns, with RSVPs
(a waiting list once full) and, afterwards, the minutes, slides and recording."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager

EVENT_TIME_ZONE = datetime.timezone(datetime.timedelta(hours=9), "JST")


class EventKind(models.TextChoices):
    STUDY = "study", pgettext_lazy("event kind", "Study session (勉強会)")
    MEETING = "meeting", pgettext_lazy("event kind", "Online meeting")
    VISIT = "visit", pgettext_lazy("event kind", "Visit open to several towns")


class EventFormat(models.TextChoices):
    ONLINE = "online", pgettext_lazy("event format", "Online")
    IN_PERSON = "in_person", pgettext_lazy("event format", "In person")
    HYBRID = "hybrid", pgettext_lazy("event format", "In person and online")


class Audience(models.TextChoices):
    PUBLIC = "public", pgettext_lazy("event audience", "Everyone (listed publicly)")
    MEMBERS = "members", pgettext_lazy("event audience", "Signed-in members")
    STAFF = "staff", pgettext_lazy("event audience", "Verified municipal staff only")


class EventQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def for_listing(self):
        return self.select_related("organiser__staff_municipality").prefetch_related("tags")


class Event(models.Model):
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=10, choices=EventKind.choices, default=EventKind.STUDY
    )
    summary = models.TextField(_("what it is about"), max_length=2000)
    agenda = models.TextField(
        _("agenda"), max_length=4000, blank=True, help_text=_("One item per line, e.g. 14:00 開会")
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), db_index=True)
    format = models.CharField(
        _("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.ONLINE
    )
    venue = models.CharField(
        _("venue and address"), max_length=200, blank=True, help_text=_("For events in person.")
    )
    online_url = models.URLField(
        _("meeting link"),
        blank=True,
        help_text=_("Shown only to members who are coming, e.g. the Zoom or Teams link."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit. Once full, members join a waiting list."),
    )
    audience = models.CharField(
        _("who may see and join"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    tags = TaggableManager(
        _("tags"), blank=True, help_text=_("Comma-separated, e.g. kintone, 研修")
    )
    related_pages = models.ManyToManyField(
        "wagtailcore.Page", blank=True, related_name="+", verbose_name=_("related case studies")
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="organised_events",
        verbose_name=_("organiser"),
    )
    # After the event.
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    recording_url = models.URLField(_("recording link"), blank=True)
    # A Wagtail document, uploaded through the site's upload checks (community/documents).
    slides = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("slides"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_note = models.TextField(_("why it is cancelled"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"pk": self.pk})

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_online(self) -> bool:
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @property
    def has_record(self) -> bool:
        return bool(self.minutes or self.recording_url or self.slides_id)


class RsvpStatus(models.TextChoices):
    GOING = "going", pgettext_lazy("rsvp", "Coming")
    WAITING = "waiting", pgettext_lazy("rsvp", "On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("rsvp", "Cancelled")


class Rsvp(models.Model):
    """One member's answer to one event; a cancelled RSVP is kept (and reused if they
    come back, at the end of the queue)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_rsvps"
    )
    status = models.CharField(_("status"), max_length=10, choices=RsvpStatus.choices)
    # The place in the queue: when they (last) asked to come.
    queued_at = models.DateTimeField(_("asked at"), default=timezone.now)
    promoted_at = models.DateTimeField(_("moved off the waiting list at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member"], name="one_rsvp_per_member_and_event"
            )
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"], name="events_rsvp_queue")]

    def __str__(self) -> str:
        return f"{self.member} → {self.event}: {self.status}"
