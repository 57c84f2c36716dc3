from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, pgettext_lazy

# (label, url name) for the header; later sections register here as they land.
# A name starting with "/" is a Wagtail page path (prefixed with /en for English).
NAVIGATION = [
    (pgettext_lazy("navigation", "Case studies"), "/casestudies/"),
    (pgettext_lazy("navigation", "App templates"), "/app-templates/"),
    (pgettext_lazy("navigation", "Curricula"), "/curricula/"),
    (pgettext_lazy("navigation", "Municipalities"), "municipalities:list"),
    (pgettext_lazy("navigation", "Q&A"), "forum:question_list"),
    (pgettext_lazy("navigation", "Site visits"), "visits:offer_list"),
    (pgettext_lazy("navigation", "Events"), "events:list"),
    (pgettext_lazy("navigation", "People"), "accounts:people"),
    (pgettext_lazy("navigation", "Impact"), "impact:page"),
]


def site(request):
    """What every page's header and footer need. It runs for every template
    rendered with a request, so the URL work is done once per process."""
    language = get_language() or settings.LANGUAGE_CODE
    path, _, query = request.get_full_path().partition("?")
    return {
        "navigation": [
            {"label": label, "url": url, "current": request.path.startswith(url)}
            for label, url in _navigation(language)
        ],
        "language_links": [
            {
                "code": code,
                "name": name,
                "url": _translated(path, code, language) + (f"?{query}" if query else ""),
                "current": code == language,
            }
            for code, name in settings.LANGUAGES
        ],
    }


@lru_cache(maxsize=8)
def _navigation(language: str) -> list[tuple]:
    nav = []
    for label, name in NAVIGATION:
        if name.startswith("/"):
            url = name if language == settings.LANGUAGE_CODE else f"/{language}{name}"
        else:
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
        nav.append((label, url))
    return nav


@lru_cache(maxsize=4096)
def _translated(path: str, code: str, current: str) -> str:
    """``path`` in language ``code`` (resolving a URL is the slow part of a header).
    ``current`` is only part of the cache key: the same path resolves differently
    under another active language."""
    return translate_url(path, code)
