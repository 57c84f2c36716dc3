import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.documents.uploads import check_upload
from community.forum.citations import page_for_url
from community.submissions.forms import OnceForm, OnceModelForm

from .models import EVENT_TIME_ZONE, Event, EventFormat

TAG_SEPARATORS = (",", "、", "，")


def split_tags(value: str) -> list[str]:
    for separator in TAG_SEPARATORS[1:]:
        value = value.replace(separator, ",")
    return list(dict.fromkeys(name.strip() for name in value.split(",") if name.strip()))[:10]


class EventForm(OnceModelForm):
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("starts at (Japan time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("ends at (Japan time)"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    online_url = forms.URLField(
        label=Event._meta.get_field("online_url").verbose_name,
        required=False,
        assume_scheme="https",
        help_text=Event._meta.get_field("online_url").help_text,
    )
    tag_names = forms.CharField(
        label=_("tags"),
        required=False,
        max_length=300,
        help_text=_("Comma-separated, e.g. kintone, 研修"),
    )

    related = forms.CharField(
        label=_("related case studies, templates or curricula"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: paste the address of each page on Yokoten, one per line."),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "summary",
            "agenda",
            "format",
            "venue",
            "online_url",
            "capacity",
            "audience",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "format": forms.RadioSelect,
            "audience": forms.RadioSelect,
        }

    field_order = ["title", "kind", "date", "start_time", "end_time", "format"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance
        if event.pk:
            starts = event.starts_at.astimezone(EVENT_TIME_ZONE)
            self.initial.update(
                date=starts.date(),
                start_time=starts.time(),
                end_time=event.ends_at.astimezone(EVENT_TIME_ZONE).time(),
                tag_names=", ".join(event.tags.names()),
                related="\n".join(page.url or "" for page in event.related_pages.all()),
            )
        self.order_fields(self.field_order)

    def clean_related(self):
        lines = [line.strip() for line in self.cleaned_data["related"].splitlines() if line.strip()]
        pages, unknown = [], []
        for line in lines[:10]:
            page = page_for_url(line)
            (pages.append(page) if page else unknown.append(line))
        if unknown:
            raise ValidationError(
                _("No published page on Yokoten has this address: %(urls)s"),
                params={"urls": ", ".join(unknown)},
            )
        return pages

    def clean_tag_names(self):
        return split_tags(self.cleaned_data["tag_names"])

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", _("The event must end after it starts."))
            data["starts_at"] = datetime.datetime.combine(day, start, EVENT_TIME_ZONE)
            data["ends_at"] = datetime.datetime.combine(day, end, EVENT_TIME_ZONE)
        fmt = data.get("format")
        if fmt in (EventFormat.IN_PERSON, EventFormat.HYBRID) and not data.get("venue"):
            self.add_error("venue", _("Give the venue and its address for an event in person."))
        return data

    def event_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields}
        fields.update(starts_at=data["starts_at"], ends_at=data["ends_at"])
        return fields


class RsvpForm(OnceForm):
    """Coming (or the waiting list); a double click makes one RSVP."""


class RecordForm(forms.Form):
    minutes = forms.CharField(
        # Not the bare "minutes", which the catalogue reads as a duration (時間（分）).
        label=pgettext_lazy("event record", "Minutes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("What was said and decided. Plain text; line breaks are kept."),
    )
    recording_url = forms.URLField(
        label=_("recording link"),
        required=False,
        assume_scheme="https",
        help_text=_("e.g. the YouTube or Vimeo address of the recording."),
    )
    slides = forms.FileField(
        label=_("slides"),
        required=False,
        help_text=_("A PDF, checked like every document on the site."),
    )

    def clean_slides(self):
        upload = self.cleaned_data.get("slides")
        if upload:
            try:
                check_upload(upload)
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return upload


class CancelEventForm(forms.Form):
    note = forms.CharField(
        label=pgettext_lazy("event cancellation", "Message to those who signed up"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional, e.g. why it is called off and whether it will be held later."),
    )
