"""The calendar of upcoming events, the archive, an event's page, organising,
RSVPs and the calendars (.ics) to import or subscribe to."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.documents import get_document_model

from community.submissions.services import once
from yokoten.pagination import paginate

from . import services
from .calendar import calendar_of
from .filters import EventFilterSet
from .forms import CancelEventForm, EventForm, RecordForm, RsvpForm
from .models import Audience, Event, Rsvp, RsvpStatus
from .permissions import (
    check,
    filter_visible_events,
    may_cancel_event,
    may_edit_event,
    may_organise_events,
    may_rsvp,
    may_see_attendees,
    may_see_event,
)

EVENTS_PER_PAGE = 20


def _with_counts(queryset):
    return queryset.annotate(
        going_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.GOING)),
        waiting_count=Count("rsvps", filter=Q(rsvps__status=RsvpStatus.WAITING)),
    )


def _list(request, *, past: bool):
    visible = filter_visible_events(request.user, Event.objects.all())
    base = visible.past() if past else visible.upcoming()
    filters = EventFilterSet(request.GET, _with_counts(base.for_listing()), request=request)
    events, _snippets = filters.results()
    page, query = paginate(request, events, per_page=EVENTS_PER_PAGE)
    return render(
        request,
        "events/event_list.html",
        {
            "past": past,
            "form": filters.form,
            "filters": filters,
            "page": page,
            "query": query,
            "filtered": bool(query),
            "may_organise": may_organise_events(request.user),
        },
    )


def event_list(request):
    return _list(request, past=False)


def archive(request):
    return _list(request, past=True)


def _visible_event_or_404(request, pk: int) -> Event:
    event = get_object_or_404(
        _with_counts(Event.objects.select_related("organiser__staff_municipality", "slides")),
        pk=pk,
    )
    if not may_see_event(request.user, event):
        raise Http404
    return event


def event_detail(request, pk: int):
    event = _visible_event_or_404(request, pk)
    user = request.user
    mine = Rsvp.objects.filter(event=event, member=user).first() if user.is_authenticated else None
    attendees = None
    if may_see_attendees(user, event):
        attendees = list(
            event.rsvps.exclude(status=RsvpStatus.CANCELLED)
            .select_related("member__staff_municipality")
            .order_by("status", "queued_at", "pk")
        )
    place = None
    if mine and mine.status == RsvpStatus.WAITING:
        place = (
            event.rsvps.filter(status=RsvpStatus.WAITING, queued_at__lt=mine.queued_at).count() + 1
        )
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "mine": mine,
            "place": place,
            "attendees": attendees,
            "tags": event.tags.all(),
            "related_pages": event.related_pages.filter(live=True).order_by("title"),
            "may_rsvp": may_rsvp(user, event),
            "may_edit": may_edit_event(user, event),
            "may_cancel": may_cancel_event(user, event),
            "sees_link": (mine is not None and mine.status == RsvpStatus.GOING)
            or may_edit_event(user, event),
            "form": RsvpForm(),
        },
    )


@login_required
@never_cache
def create(request):
    check(may_organise_events(request.user))
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event, first = once(
            request,
            form,
            lambda: services.create_event(
                request.user,
                tags=form.cleaned_data["tag_names"],
                related_pages=form.cleaned_data["related"],
                **form.event_fields(),
            ),
        )
        if first:
            messages.success(request, _("Your event is published."))
        return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@login_required
@never_cache
def edit(request, pk: int):
    event = _visible_event_or_404(request, pk)
    check(may_edit_event(request.user, event))
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        event = Event.objects.get(pk=event.pk)
        services.edit_event(
            event,
            editor=request.user,
            tags=form.cleaned_data["tag_names"],
            related_pages=form.cleaned_data["related"],
            **form.event_fields(),
        )
        messages.success(request, _("The event is saved."))
        return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
@require_POST
def rsvp(request, pk: int):
    event = _visible_event_or_404(request, pk)
    check(may_rsvp(request.user, event))
    form = RsvpForm(request.POST)
    if not form.is_valid():
        return redirect(event)
    answer, _first = once(request, form, lambda: services.rsvp(event, request.user))
    if answer.status == RsvpStatus.GOING:
        messages.success(request, _("You are coming. We remind you the day before."))
    else:
        messages.info(
            request,
            _("The event is full: you are on the waiting list and are told if a place opens up."),
        )
    return redirect(event)


@login_required
@require_POST
def cancel(request, pk: int):
    event = _visible_event_or_404(request, pk)
    if services.cancel_rsvp(event, request.user):
        messages.success(
            request, _("You are no longer coming. Your place goes to the next person waiting.")
        )
    return redirect(event)


@login_required
@never_cache
def add_record(request, pk: int):
    event = _visible_event_or_404(request, pk)
    check(may_edit_event(request.user, event))
    form = RecordForm(
        request.POST or None,
        request.FILES or None,
        initial={"minutes": event.minutes, "recording_url": event.recording_url},
    )
    if request.method == "POST" and form.is_valid():
        slides = None
        upload = form.cleaned_data.get("slides")
        if upload:
            slides = get_document_model().objects.create(
                title=_("Slides: %(title)s") % {"title": event.title},
                file=upload,
                uploaded_by_user=request.user,
            )
        services.add_record(
            Event.objects.get(pk=event.pk),
            editor=request.user,
            minutes=form.cleaned_data["minutes"],
            recording_url=form.cleaned_data["recording_url"],
            slides=slides,
        )
        messages.success(request, _("The record of the event is saved."))
        return redirect(event)
    return render(request, "events/record_form.html", {"form": form, "event": event})


@login_required
@never_cache
def cancel_event(request, pk: int):
    """A confirmation page, then the cancellation: attendees and the waiting list are told."""
    event = _visible_event_or_404(request, pk)
    check(may_cancel_event(request.user, event))
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.cancel_event(
            Event.objects.get(pk=event.pk), actor=request.user, note=form.cleaned_data["note"]
        ):
            messages.success(
                request, _("The event is cancelled. Everyone who signed up is being told.")
            )
        return redirect(event)
    return render(request, "events/cancel_event.html", {"form": form, "event": event})


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, pk: int):
    event = _visible_event_or_404(request, pk)
    user = request.user
    going = (
        user.is_authenticated
        and Rsvp.objects.filter(event=event, member=user, status=RsvpStatus.GOING).exists()
    )
    content = calendar_of(
        [event], name=event.title, with_links=going or may_edit_event(user, event)
    )
    return _ics(content, f"yokoten-event-{event.pk}.ics")


def feed_ics(request):
    """Every public event (upcoming and of the last 90 days), optionally of one tag."""
    events = Event.objects.filter(audience=Audience.PUBLIC).prefetch_related("tags")
    tag = request.GET.get("tag", "").strip()
    if tag:
        events = events.filter(tags__name__iexact=tag).distinct()
    since = timezone.now() - datetime.timedelta(days=90)
    events = events.filter(ends_at__gte=since).order_by("starts_at")[:500]
    name = _("Yokoten events") if not tag else _("Yokoten events: %(tag)s") % {"tag": tag}
    return _ics(calendar_of(events, name=name), "yokoten-events.ics")
