from django import forms
from django.utils.translation import pgettext_lazy

from . import registry
from .models import Delivery, DigestFrequency


class PreferencesForm(forms.Form):
    """One choice per registered kind of notification, and the digest's rhythm."""

    frequency = forms.ChoiceField(
        label=pgettext_lazy("notification settings", "Send my digest"),
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
        help_text=pgettext_lazy(
            "notification settings",
            "The digest gathers every notification you chose to receive in it.",
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = [kind.key for kind in registry.kinds()]
        for kind in registry.kinds():
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, widget=forms.RadioSelect
            )
        # The digest rhythm reads best after the per-kind choices.
        self.order_fields([*self.kinds, "frequency"])

    def deliveries(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in self.kinds}
