from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, pgettext_lazy

from community.accounts.permissions import may_moderate
from community.municipalities.registry import attribution

# (label, url name) for the header; later sections register here as they land.
# A name starting with "/" is a Wagtail page path (prefixed with /en for English).
NAVIGATION = [
    (pgettext_lazy("navigation", "Case studies"), "/casestudies/"),
    (pgettext_lazy("navigation", "App templates"), "/app-templates/"),
    (pgettext_lazy("navigation", "Curricula"), "/curricula/"),
    (pgettext_lazy("navigation", "Municipalities"), "municipalities:list"),
    (pgettext_lazy("navigation", "Q&A"), "forum:question_list"),
    (pgettext_lazy("navigation", "Site visits"), "visits:offer_list"),
]


def site(request):
    language = get_language() or settings.LANGUAGE_CODE
    nav = []
    for label, name in NAVIGATION:
        if name.startswith("/"):
            url = name if language == settings.LANGUAGE_CODE else f"/{language}{name}"
        else:
            try:
                url = reverse(name)
            except NoReverseMatch:
                continue
        nav.append({"label": label, "url": url, "current": request.path.startswith(url)})
    return {
        "navigation": nav,
        "language_links": [
            {
                "code": code,
                "name": name,
                "url": translate_url(request.get_full_path(), code),
                "current": code == language,
            }
            for code, name in settings.LANGUAGES
        ],
        "data_attribution": attribution()["en" if language == "en" else "ja"],
        "may_moderate": may_moderate(request.user) if hasattr(request, "user") else False,
    }
