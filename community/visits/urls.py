from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("", views.offer_list, name="offer_list"),
    path("offers/new/", views.offer_create, name="offer_create"),
    path("offers/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("offers/<int:offer_pk>/request/", views.request_create, name="request_create"),
    path("requests/<uuid:pk>/", views.request_detail, name="request_detail"),
    path("requests/<uuid:pk>/edit/", views.request_edit, name="request_edit"),
    path("requests/<uuid:pk>/propose/", views.request_propose, name="request_propose"),
    path("requests/<uuid:pk>/confirm/", views.request_confirm, name="request_confirm"),
    path("requests/<uuid:pk>/decline/", views.request_decline, name="request_decline"),
    path("requests/<uuid:pk>/cancel/", views.request_cancel, name="request_cancel"),
    path("requests/<uuid:pk>/done/", views.request_done, name="request_done"),
    path("requests/<uuid:pk>/messages/", views.request_message, name="request_message"),
    path("requests/<uuid:pk>/visit.ics", views.request_calendar, name="request_calendar"),
    path("requests/<uuid:pk>/report/", views.report_write, name="report_write"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("mine/", views.my_visits, name="my_visits"),
    path("calendar/", views.calendar, name="calendar"),
]
