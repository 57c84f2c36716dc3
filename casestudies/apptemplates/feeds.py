from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from casestudies.knowledge.feeds import KnowledgeFeed

from .listing import APP_TEMPLATES


class AppTemplateFeed(KnowledgeFeed):
    """New app templates, optionally for one tag (RSS 2.0)."""

    listing = APP_TEMPLATES
    feed_title = _("Yokoten: new app templates")
    tagged_feed_title = _("Yokoten: new app templates tagged %(tag)s")
    feed_description = _("No-code app templates shared by verified municipal staff.")


class AppTemplateAtomFeed(AppTemplateFeed):
    feed_type = Atom1Feed
    subtitle = AppTemplateFeed.description
