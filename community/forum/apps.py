from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ForumConfig(AppConfig):
    name = "community.forum"
    label = "forum"
    verbose_name = _("Q&A forum")

    def ready(self):
        from community.accounts.contributions import register_contribution
        from community.notifications.registry import register_target
        from yokoten.member_cache import register_reader_check

        from . import notifications, search
        from .models import Question
        from .models.question import accepted_answers_by
        from .permissions import filter_visible_questions
        from .views.questions import reader_shares_question_page

        search.register()
        search.register_kind()
        register_contribution(
            "forum.accepted_answers",
            label=pgettext_lazy("people finder", "accepted answers"),
            count=accepted_answers_by,
            order=40,
        )
        notifications.register()
        register_target(Question, filter_visible_questions)
        register_reader_check("forum_question", reader_shares_question_page)
