from django.urls import path

from . import views
from .wagtail_reports import guarded_report_urls

app_name = "accounts"
urlpatterns = [
    path("members/", views.people, name="people"),
    path("members/me/", views.my_account, name="my_account"),
    path("members/me/news-seen/", views.news_seen, name="news_seen"),
    path("members/me/profile/", views.profile_edit, name="profile_edit"),
    path("members/me/verification/", views.verification, name="verification"),
    path(
        "members/me/verification/renew/<str:token>/",
        views.renew_verification,
        name="renew_verification",
    ),
    path("members/me/second-factor/", views.second_factor, name="second_factor"),
    path("members/me/export/", views.data_export, name="data_export"),
    path("members/me/delete/", views.delete_account, name="delete_account"),
    path("members/<int:pk>/", views.profile, name="profile"),
    path("members/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("moderation/verifications/", views.moderation_queue, name="moderation_queue"),
    path("moderation/verifications/<int:pk>/decide/", views.decide_request, name="decide_request"),
]

# Mounted at /cms/reports/ in front of Wagtail's own (yokoten/urls.py).
wagtail_report_urlpatterns = guarded_report_urls()
