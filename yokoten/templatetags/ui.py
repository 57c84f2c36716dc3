"""Site-wide interface pieces: the breadcrumb trail and the filter panel's count."""

from django import template
from wagtail.models import Page

register = template.Library()


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, *trail, current: str = ""):
    """``{% breadcrumbs label url label page … current=title %}``: the trail from
    home to the page being read. A step's target is a URL or a Wagtail page; the
    current page ends the trail as text, not a link."""
    request = context.get("request")
    steps = []
    for label, target in zip(trail[::2], trail[1::2], strict=True):
        url = target.get_url(request=request) if isinstance(target, Page) else target
        steps.append({"label": label, "url": url})
    return {"steps": steps, "current": current}


@register.filter
def active_filter_count(form) -> int:
    """How many of a bound filter form's fields the reader has set."""
    data = getattr(form, "data", None) or {}
    count = 0
    for name, field in form.fields.items():
        # A multi-part filter (population: band, from, under) counts once.
        value = field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        values = value if isinstance(value, list | tuple) else [value]
        count += any(str(value).strip() for value in values if value not in (None, False))
    return count
