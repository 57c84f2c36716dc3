from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "community.forum"
    label = "forum"
    verbose_name = _("Q&A forum")

    def ready(self):
        from community.notifications.registry import register_target

        from . import search
        from .models import Question
        from .permissions import filter_visible_questions

        search.register()
        register_target(Question, filter_visible_questions)
