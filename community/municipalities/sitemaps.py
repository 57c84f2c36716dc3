"""The municipality list and every municipality's page, for sitemap.xml."""

from django.urls import reverse

from yokoten.seo import OnSiteSitemap

from .models import Municipality


class MunicipalitySitemap(OnSiteSitemap):
    changefreq = "monthly"

    def items(self):
        return [None, *Municipality.objects.only("code").order_by("code")]

    def location(self, item):
        return reverse("municipalities:list") if item is None else item.get_absolute_url()
