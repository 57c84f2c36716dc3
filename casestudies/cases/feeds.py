import datetime

from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casestudies.knowledge.feeds import KnowledgeFeed

from .listing import CASE_STUDIES
from .models import CaseFollowUp

FEED_LENGTH = 30


def follow_ups_of(pages, limit: int = FEED_LENGTH) -> list:
    """The newest 「その後」 notes of ``pages`` (a queryset of live case studies)."""
    return list(
        CaseFollowUp.objects.filter(page__in=pages.order_by().values("pk"))
        .select_related("page__municipality__prefecture")
        .order_by("-noted_on", "-pk")[:limit]
    )


class CaseStudyFeed(KnowledgeFeed):
    """New case studies and their 「その後」 follow-ups, optionally for one tag (RSS 2.0)."""

    listing = CASE_STUDIES
    feed_title = _("Yokoten: new case studies")
    tagged_feed_title = _("Yokoten: new case studies tagged %(tag)s")
    feed_description = _("Case studies published by verified municipal staff.")

    def items(self, obj):
        pages, _snippets = obj["filters"].results()
        cases = list(pages.order_by("-first_published_at", "-pk")[:FEED_LENGTH])
        notes = follow_ups_of(pages)
        return sorted([*cases, *notes], key=self.item_pubdate, reverse=True)[:FEED_LENGTH]

    def item_title(self, item):
        if isinstance(item, CaseFollowUp):
            return gettext("Follow-up: %(title)s (%(municipality)s)") % {
                "title": item.page.title,
                "municipality": item.page.municipality.display_name,
            }
        return super().item_title(item)

    def item_description(self, item):
        if isinstance(item, CaseFollowUp):
            figures = "、".join(
                f"{block.value['metric']}: {block.value['value']}{block.value['unit']}"
                for block in item.figures
            )
            return f"{item.note}\n{figures}" if figures else item.note
        return super().item_description(item)

    def item_link(self, item):
        if isinstance(item, CaseFollowUp):
            return f"{item.page.url}#{item.anchor}"
        return super().item_link(item)

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        if isinstance(item, CaseFollowUp):
            return timezone.make_aware(datetime.datetime.combine(item.noted_on, datetime.time(9)))
        return item.first_published_at


class CaseStudyAtomFeed(CaseStudyFeed):
    feed_type = Atom1Feed
    subtitle = CaseStudyFeed.description
