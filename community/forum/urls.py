from django.urls import path

from .feeds import BoardFeed, TagFeed
from .views import posts, questions

app_name = "forum"
urlpatterns = [
    path("", questions.question_list, name="question_list"),
    path("ask/", questions.ask, name="ask"),
    path("ask/similar/", questions.similar_questions, name="similar_questions"),
    path("questions/<int:pk>/", questions.question_detail, name="question_detail"),
    path("questions/<int:pk>/edit/", questions.edit_question, name="edit_question"),
    path("questions/<int:pk>/history/", questions.question_history, name="question_history"),
    path("questions/<int:pk>/answer/", posts.post_answer, name="post_answer"),
    path("questions/<int:pk>/comment/", posts.post_comment, name="post_comment"),
    path("questions/<int:pk>/accept/", posts.accept, name="accept"),
    path("questions/<int:pk>/follow/", posts.follow_question, name="follow_question"),
    # After the fixed sub-paths above: /questions/12/kintone-no-access/ is the question too.
    path("questions/<int:pk>/<str:slug>/", questions.question_detail, name="question_detail_slug"),
    path("answers/<int:pk>/edit/", posts.edit_answer, name="edit_answer"),
    path("answers/<int:pk>/history/", questions.answer_history, name="answer_history"),
    path("vote/<str:kind>/<int:pk>/", posts.vote, name="vote"),
    path("flag/<str:kind>/<int:pk>/", posts.flag, name="flag"),
    path("boards/<slug:slug>/", questions.board_detail, name="board_detail"),
    path("boards/<slug:slug>/follow/", posts.follow_board, name="follow_board"),
    path("tags/<str:tag>/", questions.tag_detail, name="tag_detail"),
    path("tags/<str:tag>/follow/", posts.follow_tag, name="follow_tag"),
    path("following/", posts.following, name="following"),
    path("feeds/boards/<slug:slug>/", BoardFeed(), name="board_feed"),
    path("feeds/tags/<str:tag>/", TagFeed(), name="tag_feed"),
]
