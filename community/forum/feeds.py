"""RSS per board and per tag: what the reader may see (a feed reader is usually
anonymous, so staff-only boards have no feed for it), newest first, never hidden."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from yokoten.cache_policy import shows

from .caching import FORUM_LIST
from .models import ForumTag, Question
from .permissions import filter_visible_boards, filter_visible_questions, may_see_tag

FEED_ITEMS = 30


class _QuestionFeed(Feed):
    def __call__(self, request, *args, **kwargs):
        shows(request, FORUM_LIST)
        return super().__call__(request, *args, **kwargs)

    def items(self, obj):
        target, user = obj
        questions = filter_visible_questions(
            user, Question.objects.select_related("author", "board").prefetch_related("tags")
        )
        return self.narrow(questions, target).newest()[:FEED_ITEMS]

    def link(self, obj):
        return obj[0].get_absolute_url()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body_html

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.last_activity_at

    def item_author_name(self, item):
        return item.author.public_name

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class BoardFeed(_QuestionFeed):
    def get_object(self, request, slug):
        return get_object_or_404(filter_visible_boards(request.user), slug=slug), request.user

    def title(self, obj):
        return _("%(board)s — Yokoten Q&A") % {"board": obj[0].name}

    def description(self, obj):
        return obj[0].description

    def narrow(self, questions, board):
        return questions.filter(board=board)


class TagFeed(_QuestionFeed):
    def get_object(self, request, tag):
        found = get_object_or_404(ForumTag, slug=tag)
        if not may_see_tag(request.user, found):
            raise Http404
        return found, request.user

    def title(self, obj):
        return _("Questions tagged %(tag)s — Yokoten Q&A") % {"tag": obj[0].name}

    def description(self, obj):
        return self.title(obj)

    def narrow(self, questions, tag):
        return questions.tagged(tag.slug)
