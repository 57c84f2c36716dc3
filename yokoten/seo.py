"""What search engines and link previews read: robots.txt (which parts are for
people signed in, and where the sitemap is), the sitemap's addresses on the
public site (SITE_URL, whatever host the request came in on) and the favicon at
its old address."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

# Pages for members, moderators and editors: nothing there for a search engine.
ADMIN_PATHS = ("/cms/", "/django-admin/")
PRIVATE_PATHS = (  # in both languages (/en/…)
    "/accounts/",
    "/members/me/",
    "/notifications/",
    "/moderation/",
    "/visits/mine/",
    "/visits/requests/",
    "/forum/ask/",
    "/forum/following/",
    "/adoptions/",
)


@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in ADMIN_PATHS]
    lines += [f"Disallow: {prefix}{path}" for path in PRIVATE_PATHS for prefix in ("", "/en")]
    lines.append(f"Sitemap: {settings.SITE_URL}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class FaviconView(RedirectView):
    """Browsers that ask /favicon.ico get the site's icon."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.svg")


def on_site(url: str) -> str:
    """``url`` with the public site's scheme and host (SITE_URL)."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return settings.SITE_URL + path


class OnSiteSitemap(Sitemap):
    """A sitemap of Django views whose addresses start with SITE_URL."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PageSitemap(WagtailSitemap):
    """Wagtail's live, public pages, at their addresses on SITE_URL."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            url["location"] = on_site(url["location"])
        return urls


class NamedViewsSitemap(OnSiteSitemap):
    """Pages that are one URL each (the impact page, the privacy notice)."""

    def __init__(self, *url_names: str):
        self.url_names = url_names

    def items(self):
        return list(self.url_names)

    def location(self, item):
        return reverse(item)
