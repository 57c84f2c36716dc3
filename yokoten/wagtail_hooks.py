from wagtail import hooks

from .cache_policy import page_tags, shows


@hooks.register("before_serve_page")
def file_the_page_under_its_tags(page, request, serve_args, serve_kwargs):
    """Every page Wagtail serves is cached under ``page:<id>`` and its own tags."""
    shows(request, *page_tags(page))
