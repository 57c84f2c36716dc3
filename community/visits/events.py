"""What the visits tell the rest of the site, without knowing who listens.

``visitors_adopted``: a visitors' report says their municipality adopted the page
they saw (横展開). Sent inside the report's transaction with ``report``, ``page``
(the Wagtail page), ``municipality`` and ``actor``; the adoption app records it.
"""

from django.dispatch import Signal

visitors_adopted = Signal()
