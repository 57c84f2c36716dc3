"""RSS and Atom feeds of new knowledge pages, optionally for one tag."""

from django.contrib.syndication.views import Feed


class KnowledgeFeed(Feed):
    """Subclasses set ``listing`` and the (lazily translated) texts below."""

    listing = None
    feed_title = ""
    tagged_feed_title = ""  # with %(tag)s
    feed_description = ""

    def get_object(self, request, index_page=None, tag=None):
        self.request = request
        return {"index_page": index_page, "tag": tag}

    def title(self, obj):
        if obj["tag"]:
            return str(self.tagged_feed_title) % {"tag": obj["tag"]}
        return str(self.feed_title)

    def link(self, obj):
        return obj["index_page"].url

    def description(self, obj):
        return str(self.feed_description)

    def items(self, obj):
        pages = self.listing.published().select_related("municipality__prefecture")
        if obj["tag"]:
            pages = pages.tagged(obj["tag"])
        return pages.order_by("-first_published_at")[:30]

    def item_title(self, item):
        return f"{item.title}（{item.municipality.display_name}）"

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at
