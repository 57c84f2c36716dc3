"""{% bar_chart chart %}, {% column_chart chart %}, {% tree_chart chart %} and
{% japan_map chart %}: the SVG of a chart from ``community.charts.geometry``."""

from django import template

register = template.Library()


@register.inclusion_tag("charts/bar_chart.html")
def bar_chart(chart):
    return {"chart": chart}


@register.inclusion_tag("charts/column_chart.html")
def column_chart(chart):
    return {"chart": chart}


@register.inclusion_tag("charts/tree_chart.html")
def tree_chart(chart):
    return {"chart": chart}


@register.inclusion_tag("charts/japan_map.html")
def japan_map(chart):
    return {"chart": chart}


@register.inclusion_tag("charts/map_legend.html")
def map_legend(chart):
    return {"chart": chart}
