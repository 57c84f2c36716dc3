"""Pieces other pages include:

{% load visits %}
{% visit_offer_button municipality %}   the "this municipality accepts visits" box (one query)
{% visit_reports_for_page page %}        published visit reports about a page (one query)
{{ day|visit_day }}                      「2025年7月10日（木）」
{{ offer.format_labels|visit_list }}     「現地視察、オンライン視察」
"""

from django import template

from ..models import VisitOffer, VisitReport
from ..rules import format_day, join_labels

register = template.Library()


@register.inclusion_tag("visits/components/offer_button.html", takes_context=True)
def visit_offer_button(context, municipality):
    offers = []
    if municipality is not None:
        offers = list(
            VisitOffer.objects.published().hosted_by(municipality).only("pk", "title", "formats")
        )
    return {"municipality": municipality, "offers": offers, "request": context.get("request")}


@register.inclusion_tag("visits/components/page_reports.html", takes_context=True)
def visit_reports_for_page(context, page):
    reports = []
    if page is not None and page.pk:
        reports = list(VisitReport.objects.published().about_page(page).for_listing()[:20])
    return {"reports": reports, "request": context.get("request")}


@register.filter
def visit_day(value):
    return format_day(value) if value else ""


@register.filter
def visit_list(values):
    """「現地視察、オンライン視察」 / "Onsite tour, Online tour"."""
    return join_labels(values)
