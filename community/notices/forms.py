from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Notice, normalise_url
from .services import MAX_NOTICES


class NoticeForm(forms.ModelForm):
    class Meta:
        model = Notice
        fields = ["title", "issuer", "number", "issued_on", "url", "applies_from", "applies_until"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"})}

    def clean_url(self):
        url = normalise_url(self.cleaned_data["url"])
        existing = Notice.objects.filter(url=url).first()
        if existing is not None:
            raise forms.ValidationError(
                _("This notice is already in the list: “%(title)s”. Cite it by this address."),
                params={"title": existing.title},
            )
        return url

    def clean(self):
        data = super().clean()
        start, end = data.get("applies_from"), data.get("applies_until")
        if start and end and end < start:
            self.add_error("applies_until", _("The last fiscal year comes after the first."))
        return data


class SupersedeForm(forms.Form):
    by = forms.ModelChoiceField(
        label=pgettext_lazy("notice", "Replaced by"),
        queryset=Notice.objects.none(),
        required=False,
        empty_label=pgettext_lazy("notice", "(no newer notice in the list)"),
    )

    def __init__(self, *args, notice=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].queryset = Notice.objects.current().exclude(
            pk=getattr(notice, "pk", None)
        )


def notices_for_urls(text: str) -> tuple[list[Notice], list[str]]:
    """The listed notices at the addresses in ``text`` (one per line) and the addresses
    that name none."""
    lines = [normalise_url(line) for line in (text or "").splitlines() if line.strip()]
    found = {notice.url: notice for notice in Notice.objects.filter(url__in=lines)}
    return [found[url] for url in lines if url in found], [url for url in lines if url not in found]


class NoticeCitationField(forms.CharField):
    """Official notices cited by pasting their addresses, one per line; each must be in
    Yokoten's list (a shared record, added once at /notices/new/)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        notices, unknown = notices_for_urls(text)
        if len(notices) + len(unknown) > MAX_NOTICES:
            raise forms.ValidationError(
                _("Cite at most %(count)s notices."), params={"count": MAX_NOTICES}
            )
        if unknown:
            raise forms.ValidationError(
                _(
                    "These addresses are not in Yokoten's list of official notices yet: "
                    "%(urls)s. Add the notice first (Official notices → Add a notice)."
                ),
                params={"urls": ", ".join(unknown)},
            )
        return notices
