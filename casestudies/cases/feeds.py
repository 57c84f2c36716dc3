from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .listing import published_case_studies


class CaseStudyFeed(Feed):
    """New case studies, optionally for one tag (RSS 2.0)."""

    def get_object(self, request, index_page=None, tag=None):
        self.request = request
        return {"index_page": index_page, "tag": tag}

    def title(self, obj):
        if obj["tag"]:
            return _("Yokoten: new case studies tagged %(tag)s") % {"tag": obj["tag"]}
        return _("Yokoten: new case studies")

    def link(self, obj):
        return obj["index_page"].url

    def description(self, obj):
        return _("Case studies published by verified municipal staff.")

    def items(self, obj):
        cases = published_case_studies().select_related("municipality__prefecture")
        if obj["tag"]:
            cases = cases.tagged(obj["tag"])
        return cases.order_by("-first_published_at")[:30]

    def item_title(self, item):
        return f"{item.title}（{item.municipality.display_name}）"

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at


class CaseStudyAtomFeed(CaseStudyFeed):
    feed_type = Atom1Feed
    subtitle = CaseStudyFeed.description
