from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from casestudies.knowledge.feeds import KnowledgeFeed

from .listing import CASE_STUDIES


class CaseStudyFeed(KnowledgeFeed):
    """New case studies, optionally for one tag (RSS 2.0)."""

    listing = CASE_STUDIES
    feed_title = _("Yokoten: new case studies")
    tagged_feed_title = _("Yokoten: new case studies tagged %(tag)s")
    feed_description = _("Case studies published by verified municipal staff.")


class CaseStudyAtomFeed(CaseStudyFeed):
    feed_type = Atom1Feed
    subtitle = CaseStudyFeed.description
