"""What a visitor may read in the forum, for sitemap.xml: the list, the open
boards and the questions in them that are not hidden."""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from yokoten.seo import OnSiteSitemap

from .permissions import filter_visible_boards, filter_visible_questions


class ForumSitemap(OnSiteSitemap):
    changefreq = "daily"

    def items(self):
        visitor = AnonymousUser()
        boards = filter_visible_boards(visitor).order_by("position", "pk")
        questions = filter_visible_questions(visitor).only("pk").order_by("pk")
        return [reverse("forum:question_list"), *boards, *questions]

    def location(self, item):
        return item if isinstance(item, str) else item.get_absolute_url()
