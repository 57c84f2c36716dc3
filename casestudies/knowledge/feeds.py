"""RSS and Atom feeds of new knowledge pages: of the whole list, of one tag, or of any
filtered list (``/casestudies/feed/?population_band=under_5k&tool=kintone``: the
list's own filter set, so a feed shows what the filtered page shows, newest first)."""

from django.contrib.syndication.views import Feed
from django.http import Http404


class KnowledgeFeed(Feed):
    """Subclasses set ``listing`` and the (lazily translated) texts below."""

    listing = None
    feed_title = ""
    tagged_feed_title = ""  # with %(tag)s
    feed_description = ""

    def get_object(self, request, index_page=None, tag=None):
        data = request.GET.copy()
        if tag:
            data["tag"] = tag
        filters = self.listing.filterset_class(
            data,
            self.listing.published().select_related("municipality__prefecture"),
            request=request,
        )
        if not filters.is_valid():
            raise Http404("; ".join(" ".join(p["messages"]) for p in filters.problems()))
        return {"index_page": index_page, "tag": tag, "filters": filters}

    def title(self, obj):
        if obj["tag"]:
            return str(self.tagged_feed_title) % {"tag": obj["tag"]}
        return str(self.feed_title)

    def link(self, obj):
        return obj["index_page"].url

    def description(self, obj):
        return str(self.feed_description)

    def items(self, obj):
        pages, _snippets = obj["filters"].results()
        return pages.order_by("-first_published_at", "-pk")[:30]

    def item_title(self, item):
        return f"{item.title}（{item.municipality.display_name}）"

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at
