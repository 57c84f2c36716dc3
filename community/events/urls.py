from django.urls import path

from . import views
from .feeds import AtomEventFeed, EventFeed

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("archive/", views.archive, name="archive"),
    path("new/", views.create, name="create"),
    path("calendar.ics", views.feed_ics, name="feed_ics"),
    path("feed/", EventFeed(), name="rss"),
    path("feed/atom/", AtomEventFeed(), name="atom"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/record/", views.add_record, name="record"),
    path("<int:pk>/cancel-event/", views.cancel_event, name="cancel_event"),
    path("<int:pk>/event.ics", views.event_ics, name="ics"),
]
