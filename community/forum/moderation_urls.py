"""Mounted at /moderation/forum/ (two-factor authentication required there)."""

from django.urls import path

from .views import moderation

app_name = "forum_moderation"
urlpatterns = [
    path("", moderation.queue, name="queue"),
    path("<str:kind>/<int:pk>/hide/", moderation.hide, name="hide"),
    path("<str:kind>/<int:pk>/restore/", moderation.restore, name="restore"),
    path("<str:kind>/<int:pk>/dismiss/", moderation.dismiss, name="dismiss"),
    path("questions/<int:pk>/lock/", moderation.lock, name="lock"),
    path("questions/<int:pk>/move/", moderation.move, name="move"),
    path("questions/<int:pk>/merge/", moderation.merge_question, name="merge_question"),
    path("tags/merge/", moderation.merge_tags, name="merge_tags"),
    path("boards/", moderation.boards, name="boards"),
    path("boards/new/", moderation.board_edit, name="board_new"),
    path("boards/<int:pk>/edit/", moderation.board_edit, name="board_edit"),
]
