"""Choosing a municipality by typing it: its code (「082104」), its name (「下妻市」,
「茨城県 下妻市」), its reading in kana (「しもつま」「シモツマ」) or in romaji
("shimotsuma"). Works as a plain text input without JavaScript (the server
resolves what was typed, or says which towns it could mean); with JavaScript the
input's <datalist> fills from ``suggest`` as the reader types (site.js)."""

import unicodedata

from django import forms
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .models import Municipality, to_hiragana

SUGGESTIONS = 10
# Candidates named in the message when what was typed fits several towns.
NAMED_CANDIDATES = 6

NOT_FOUND = _("No municipality matches “%(value)s”.")
AMBIGUOUS = _("“%(value)s” could be several municipalities (%(candidates)s): type one of them.")


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def candidates(text: str):
    """Municipalities (not prefectures) whose name, reading, romaji name or
    「都道府県 名」 contains ``text``; exact names first."""
    text = normalise(text)
    towns = Municipality.objects.municipalities_only().select_related("prefecture")
    if not text:
        return towns.none()
    prefecture, _sep, name = text.rpartition(" ")
    if prefecture:
        return towns.filter(prefecture__name__startswith=prefecture, name__startswith=name)
    kana = to_hiragana(text)
    return towns.filter(
        Q(name__contains=text) | Q(name_kana__startswith=kana) | Q(name_en__icontains=text)
    )


def resolve(text: str) -> list[Municipality]:
    """The municipality ``text`` names (a list of one), or every one it could name
    (at most ``NAMED_CANDIDATES + 1``; empty when none). One or two queries."""
    text = normalise(text)
    if text.isdigit():
        return list(Municipality.objects.select_related("prefecture").filter(code=text)[:1])
    found = list(candidates(text).order_by("-population", "code")[: NAMED_CANDIDATES + 1])
    # A name typed in full wins over the longer names that contain it (「美里町」 is
    # not 「美里町」 and 「東美里町」); a reading typed in full likewise.
    kana = to_hiragana(text)
    for exact in (
        [m for m in found if m.name == text or m.display_name == text],
        [m for m in found if m.name_kana == kana or m.name_en.lower() == text.lower()],
    ):
        if exact:
            return exact
    return found


class ChooserInput(forms.TextInput):
    """A text input with a <datalist> that site.js fills from ``suggest``."""

    template_name = "components/widgets/municipality_chooser.html"

    def __init__(self, attrs=None):
        base = {
            "autocomplete": "off",
            "data-municipality-chooser": reverse_lazy("municipalities:suggest"),
            "placeholder": _("e.g. Tono City, tono or 032085"),
        }
        super().__init__({**base, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if widget_attrs.get("id"):
            widget_attrs["list"] = f"{widget_attrs['id']}_options"
        return context

    def format_value(self, value):
        if isinstance(value, Municipality):
            return value.code
        return super().format_value(value)


class MunicipalityChoiceField(forms.CharField):
    """Cleans what was typed to one Municipality; a message names the value when it
    fits none or several (the several are named)."""

    widget = ChooserInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        text = normalise(super().clean(value))
        if not text:
            return None
        found = resolve(text)
        if not found:
            raise forms.ValidationError(NOT_FOUND, code="unknown", params={"value": text})
        if len(found) > 1:
            names = "、".join(m.display_name for m in found[:NAMED_CANDIDATES])
            if len(found) > NAMED_CANDIDATES:
                names += "…"
            raise forms.ValidationError(
                AMBIGUOUS, code="ambiguous", params={"value": text, "candidates": names}
            )
        return found[0]


@require_GET
def suggest(request):
    """``?q=しもつま`` → the first matches as JSON, for the chooser's <datalist>:
    ``{"results": [{"code", "name", "label"}]}`` (``label``: 「茨城県 下妻市」, what
    the input takes). Public: the registry is open data."""
    text = request.GET.get("q", "")[:100]
    towns = candidates(text).order_by("-population", "code")[:SUGGESTIONS]
    if normalise(text).isdigit():
        towns = Municipality.objects.select_related("prefecture").filter(
            code__startswith=normalise(text)
        )[:SUGGESTIONS]
    response = JsonResponse(
        {
            "results": [
                {"code": m.code, "name": m.name, "kana": m.name_kana, "label": m.display_name}
                for m in towns
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
