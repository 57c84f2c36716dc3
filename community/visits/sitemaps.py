"""Published visit offers and reports, and the list of hosts, for sitemap.xml."""

from django.urls import reverse

from yokoten.seo import OnSiteSitemap

from .models import VisitOffer, VisitReport


class VisitSitemap(OnSiteSitemap):
    changefreq = "weekly"

    def items(self):
        offers = VisitOffer.objects.published().only("pk").order_by("pk")
        reports = VisitReport.objects.published().only("pk").order_by("pk")
        return [reverse("visits:offer_list"), *offers, *reports]

    def location(self, item):
        return item if isinstance(item, str) else item.get_absolute_url()
