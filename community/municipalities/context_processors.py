from django.utils.translation import get_language

from .registry import attribution


def data_attribution(request):
    """The registry's sources, which every page's footer credits."""
    return {"data_attribution": attribution()["en" if get_language() == "en" else "ja"]}
