from django import template

from community.municipalities.bands import budget_band_for

from ..fiscal import fiscal_year_label

register = template.Library()


@register.filter
def fiscal_year(year):
    return fiscal_year_label(year)


@register.filter
def budget_band(yen):
    return budget_band_for(yen)


@register.inclusion_tag("components/yen.html")
def yen(amount):
    """A budget in yen; 0 is 「0円」, None is 「非公開」."""
    return {"amount": amount}


@register.filter
def get_item(mapping, key):
    try:
        return mapping[key]
    except (KeyError, TypeError, IndexError):
        return None


@register.inclusion_tag("components/facet_link.html", takes_context=True)
def facet_link(context, name: str, value, label):
    """One facet value with its count, linking to the list with that filter set."""
    request = context["request"]
    count = context.get("facets", {}).get(f"{name}:{value}", 0)
    query = request.GET.copy()
    query[name] = value
    query.pop("page", None)
    return {
        "label": label,
        "count": count,
        "url": f"?{query.urlencode()}",
        "active": request.GET.get(name) == str(value),
    }
