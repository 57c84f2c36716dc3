from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from casestudies.home.views import serve
from community.accounts.urls import wagtail_report_urlpatterns
from community.accounts.views import (
    ActivateTOTPThenContinueView,
    ConfirmEmailByLinkView,
    second_factor,
)
from community.forum.sitemaps import ForumSitemap
from community.municipalities.sitemaps import MunicipalitySitemap
from community.visits.sitemaps import VisitSitemap

from . import health, seo
from .api import api

handler500 = "yokoten.outage.server_error"  # 503 when the database does not answer

# Wagtail's pages (live and public) and the lists and pages outside Wagtail.
SITEMAPS = {
    "pages": seo.PageSitemap,
    "municipalities": MunicipalitySitemap(),
    "forum": ForumSitemap(),
    "visits": VisitSitemap(),
    "other": seo.NamedViewsSitemap("impact:page", "privacy"),
}

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("favicon.ico", seo.FaviconView.as_view()),
    path("healthz", health.healthz),
    path("healthz/ready", health.ready),
    # One way in: Wagtail's own log-in pages lead to allauth's (the Django admin's
    # does the same through community/accounts/admin_site.py).
    path("cms/login/", second_factor),
    # Wagtail's reports list who did what: for site admins only.
    path("cms/reports/", include(wagtail_report_urlpatterns)),
    path("cms/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    # The emailed link works beside the emailed code (allauth registers only one of them).
    re_path(
        r"^accounts/confirm-email/(?P<key>[-:\w]+)/$",
        ConfirmEmailByLinkView.as_view(),
        name="account_confirm_email",
    ),
    path("accounts/2fa/totp/activate/", ActivateTOTPThenContinueView.as_view()),
    path("accounts/", include("allauth.urls")),
    # Wagtail's log-in for private pages: allauth's instead.
    path("_util/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("", include("community.accounts.urls")),
    path("search/", include("community.search.urls")),
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("municipalities/", include("community.municipalities.urls")),
    path("visits/", include("community.visits.urls")),
    path("forum/", include("community.forum.urls")),
    path("events/", include("community.events.urls")),
    path("notices/", include("community.notices.urls")),
    path("moderation/forum/", include("community.forum.moderation_urls")),
    path("notifications/", include("community.notifications.urls")),
    path("app-templates/", include("casestudies.apptemplates.urls")),
    path("adoptions/", include("casestudies.adoption.urls")),
    path("impact/", include("casestudies.impact.urls")),
    path("handover/", include("casestudies.handover.urls")),
    path("evidence/", include("casestudies.evidence.urls")),
    # Wagtail's page view, its sites read in one query (casestudies/home/routing.py).
    re_path(r"^((?:[\w\-]+/)*)$", serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.BENCH_BARE_VIEW:  # make bench's yardstick (yokoten.settings.bench)
    urlpatterns.insert(0, path("bench/", include("casestudies.demo.urls")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
