from django import forms
from django.utils.translation import pgettext_lazy

from community.municipalities.bands import POPULATION_BAND_CHOICES
from community.municipalities.filters import prefecture_choices
from community.taxonomy.choices import category_choices, tool_choices
from yokoten.filtering import ANY as ANY_LABEL

ANY = [("", ANY_LABEL)]

MEASURES = [
    ("cases", pgettext_lazy("impact measure", "Case studies")),
    ("adoptions", pgettext_lazy("impact measure", "Adoptions")),
    ("visits", pgettext_lazy("impact measure", "Site visits held")),
    ("content", pgettext_lazy("impact measure", "All published knowledge")),
]
VIEWS = [
    ("list", pgettext_lazy("impact drill-down", "List")),
    ("tiles", pgettext_lazy("impact drill-down", "Tiles")),
]


class ImpactFilterForm(forms.Form):
    tool = forms.ChoiceField(label=pgettext_lazy("impact filter", "Tool"), required=False)
    category = forms.ChoiceField(label=pgettext_lazy("impact filter", "Category"), required=False)
    population_band = forms.ChoiceField(
        label=pgettext_lazy("impact filter", "Population band"),
        required=False,
        choices=ANY + POPULATION_BAND_CHOICES,
    )
    measure = forms.ChoiceField(
        label=pgettext_lazy("impact filter", "Colour the map by"), required=False, choices=MEASURES
    )
    prefecture = forms.ChoiceField(
        label=pgettext_lazy("impact filter", "Prefecture"), required=False
    )
    view = forms.ChoiceField(
        label=pgettext_lazy("impact filter", "Show municipalities as"),
        required=False,
        choices=VIEWS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prefectures = prefecture_choices()
        self.fields["tool"].choices = ANY + tool_choices()
        self.fields["category"].choices = ANY + category_choices()
        self.fields["prefecture"].choices = ANY + prefectures
        self.prefecture_names = dict(prefectures)
