from .routing import load_sites


def serve(request, path):
    """Wagtail's page view, with the sites read in one query first (routing.py)."""
    from wagtail import views as wagtail_views  # loads the page model: not at import time

    load_sites(request)
    return wagtail_views.serve(request, path)
