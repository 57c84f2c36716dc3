from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "community.forum"
    label = "forum"
    verbose_name = _("Q&A forum")

    def ready(self):
        from community.notifications.registry import register_target
        from yokoten.member_cache import register_reader_check

        from . import search
        from .models import Question
        from .permissions import filter_visible_questions
        from .views.questions import reader_shares_question_page

        search.register()
        register_target(Question, filter_visible_questions)
        register_reader_check("forum_question", reader_shares_question_page)
