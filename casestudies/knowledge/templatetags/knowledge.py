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
def yen(amount, plain=False):
    """A budget in yen; 0 is 「0円（予算なし）」 (``plain``: 「0円」, for a cost that is
    not the budget), None is 「非公開」."""
    return {"amount": amount, "plain": plain}


@register.filter
def get_item(mapping, key):
    try:
        return mapping[key]
    except (KeyError, TypeError, IndexError):
        return None
