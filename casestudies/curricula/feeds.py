from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from casestudies.knowledge.feeds import KnowledgeFeed

from .listing import CURRICULA


class CurriculumFeed(KnowledgeFeed):
    """New training curricula, optionally for one tag (RSS 2.0)."""

    listing = CURRICULA
    feed_title = _("Yokoten: new training curricula")
    tagged_feed_title = _("Yokoten: new training curricula tagged %(tag)s")
    feed_description = _("Training curricula shared by verified municipal staff.")


class CurriculumAtomFeed(CurriculumFeed):
    feed_type = Atom1Feed
    subtitle = CurriculumFeed.description
