"""Widgets and fields the visit forms share."""

from django import forms
from django.db.models import Q
from wagtail.models import Page

from community.municipalities.publications import publications_of

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def topic_pages(offer):
    """Pages an offer can be about: what its municipality published (case studies,
    app templates, curricula), and any page it already shows."""
    current = offer.topic_links.values("page_id") if offer.pk else []
    return (
        Page.objects.live()
        .filter(Q(pk__in=publications_of(offer.municipality_id).values("pk")) | Q(pk__in=current))
        .order_by("title")
    )


class VersionField(forms.IntegerField):
    """The request version the form was made from (optimistic concurrency)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=1, **kwargs)
