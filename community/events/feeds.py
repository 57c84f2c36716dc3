"""RSS and Atom of events (``?tag=`` for one tag): the events the reader may see (a
feed reader is usually anonymous: public events), most recently announced first,
those that ended more than 90 days ago left out. A cancelled event says so in its title."""

import datetime
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .announce import when
from .models import Event
from .permissions import filter_visible_events

FEED_ITEMS = 30


class EventFeed(Feed):
    def get_object(self, request):
        return request.GET.get("tag", "").strip()[:100], request.user

    def title(self, obj):
        tag = obj[0]
        if tag:
            return _("Yokoten events: %(tag)s") % {"tag": tag}
        return _("Yokoten events")

    def description(self, obj):
        return _("勉強会, online meetings and visits open to several towns, newest first.")

    def link(self, obj):
        tag = obj[0]
        url = reverse("events:list")
        return f"{url}?{urlencode({'tag': tag})}" if tag else url

    def items(self, obj):
        tag, user = obj
        since = timezone.now() - datetime.timedelta(days=90)
        events = filter_visible_events(user, Event.objects.filter(ends_at__gte=since))
        if tag:
            events = events.filter(tags__name__iexact=tag).distinct()
        return (
            events.select_related("organiser")
            .prefetch_related("tags")
            .order_by("-created_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, item):
        if item.cancelled_at:
            return _("[Cancelled] %(title)s") % {"title": item.title}
        return item.title

    def item_description(self, item):
        return f"{when(item)} · {item.get_format_display()}\n\n{item.summary}"

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.organiser.public_name

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class AtomEventFeed(EventFeed):
    feed_type = Atom1Feed
    subtitle = EventFeed.description
