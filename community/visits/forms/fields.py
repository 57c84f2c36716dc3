"""Widgets and fields the visit forms share."""

from django import forms
from django.utils.translation import pgettext_lazy
from wagtail.models import Page

ANY_CHOICE = [("", pgettext_lazy("filter choice", "Any"))]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def topic_pages():
    """Pages an offer can be about. For now any live content page; once case
    studies, app templates and curricula land, narrow this to their types."""
    return Page.objects.live().filter(depth__gt=2).order_by("title")


class VersionField(forms.IntegerField):
    """The request version the form was made from (optimistic concurrency)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=1, **kwargs)
