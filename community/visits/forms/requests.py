"""Requesting a visit, acting on a request, reporting on it."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from community.municipalities.publications import publications_of
from community.submissions.forms import OnceForm

from ..models import VisitFormat, VisitOffer, VisitorType
from ..permissions import may_report_adoption
from ..rules import closed_day_break, format_day
from ..services import MAX_PREFERRED_DATES, VisitDetails
from .fields import DATE, TIME, VersionField

PREFERRED_FIELDS = [f"preferred_date_{number}" for number in range(1, MAX_PREFERRED_DATES + 1)]


class VisitRequestForm(OnceForm):
    """A visit request; refuses, with the reason, whatever breaks the offer's rules."""

    format = forms.ChoiceField(
        label=_("Format"), choices=VisitFormat.choices, widget=forms.RadioSelect
    )
    visitor_type = forms.ChoiceField(
        label=_("Who is visiting"), choices=VisitorType.choices, widget=forms.RadioSelect
    )
    organisation = forms.CharField(
        label=_("Affiliation"),
        max_length=150,
        help_text=_("e.g. 山形県飯豊町 総務企画課"),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    party_size = forms.IntegerField(label=_("Number of visitors"), min_value=1, max_value=999)
    preferred_date_1 = forms.DateField(label=_("First preferred date"), widget=DATE)
    preferred_date_2 = forms.DateField(
        label=_("Second preferred date"), widget=DATE, required=False
    )
    preferred_date_3 = forms.DateField(label=_("Third preferred date"), widget=DATE, required=False)
    purpose = forms.CharField(
        label=_("Purpose of the visit"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("e.g. 「kintoneによる庁内アンケートの運用を拝見したい」"),
    )
    questions = forms.CharField(
        label=_("Questions in advance"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label=_("Contact email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my contact details (name, email address, phone number) are given to "
            "the host municipality's verified staff to arrange this visit."
        ),
        help_text=_(
            "Required under the Act on the Protection of Personal Information. "
            "Only you, the host's verified staff and moderators see this request."
        ),
    )

    def __init__(self, offer: VisitOffer, *args, **kwargs):
        self.offer = offer
        super().__init__(*args, **kwargs)
        offered = ", ".join(str(choice.label) for choice in offer.format_list)
        self.fields["format"].help_text = _("This host offers: %(formats)s") % {"formats": offered}
        self.fields["party_size"].help_text = _("At most %(maximum)s people.") % {
            "maximum": offer.max_party_size
        }

    def clean(self):
        cleaned = super().clean()
        seen = set()
        for name in PREFERRED_FIELDS:
            day = cleaned.get(name)
            if day and day in seen:
                self.add_error(
                    name, _("%(date)s is already one of your dates.") % {"date": format_day(day)}
                )
                cleaned[name] = None
            elif day:
                seen.add(day)
        # One message per broken rule, on the field it concerns (unless that
        # field is already wrong, e.g. empty).
        invalid = set(self.errors)
        for rule_break in self.details().breaks(self.offer):
            if rule_break.field not in invalid:
                self.add_error(rule_break.field, rule_break.message)
        return cleaned

    def details(self) -> VisitDetails:
        cleaned = self.cleaned_data
        fields = [name for name in PREFERRED_FIELDS if cleaned.get(name)]
        return VisitDetails(
            format=cleaned.get("format", ""),
            visitor_type=cleaned.get("visitor_type", ""),
            organisation=cleaned.get("organisation", ""),
            party_size=cleaned.get("party_size"),
            preferred_days=[cleaned[name] for name in fields],
            day_fields=fields,
            purpose=cleaned.get("purpose", ""),
            questions=cleaned.get("questions", ""),
            contact_name=cleaned.get("contact_name", ""),
            contact_email=cleaned.get("contact_email", ""),
            contact_phone=cleaned.get("contact_phone", ""),
        )

    @classmethod
    def initial_for(cls, user) -> dict:
        initial = {"contact_name": user.display_name, "contact_email": user.email}
        if user.is_verified_staff:
            municipality = user.staff_municipality
            initial["visitor_type"] = VisitorType.MUNICIPAL_STAFF
            initial["organisation"] = " ".join(
                part for part in (municipality.display_name, user.department) if part
            )
        elif user.department:
            initial["organisation"] = user.department
        return initial


class VisitRequestEditForm(VisitRequestForm):
    version = VersionField()

    def __init__(self, offer, *args, **kwargs):
        super().__init__(offer, *args, **kwargs)
        del self.fields["consent"]

    @classmethod
    def initial_from(cls, visit) -> dict:
        initial = {
            name: getattr(visit, name)
            for name in (
                "format",
                "visitor_type",
                "organisation",
                "party_size",
                "purpose",
                "questions",
                "contact_name",
                "contact_email",
                "contact_phone",
                "version",
            )
        }
        for name, day in zip(PREFERRED_FIELDS, visit.preferred_days, strict=False):
            initial[name] = day
        return initial


class ProposeForm(forms.Form):
    proposed_date_1 = forms.DateField(label=_("Proposed date 1"), widget=DATE)
    proposed_date_2 = forms.DateField(label=_("Proposed date 2"), widget=DATE, required=False)
    proposed_date_3 = forms.DateField(label=_("Proposed date 3"), widget=DATE, required=False)
    note = forms.CharField(
        label=_("Note for the visitor"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = VersionField()

    prefix = "propose"

    def __init__(self, visit, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit = visit

    def days(self):
        return [
            self.cleaned_data[name]
            for name in ("proposed_date_1", "proposed_date_2", "proposed_date_3")
            if self.cleaned_data.get(name)
        ]

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for name in ("proposed_date_1", "proposed_date_2", "proposed_date_3"):
            if cleaned.get(name) and cleaned[name] <= today:
                self.add_error(name, _("Choose a date after today."))
            elif cleaned.get(name):
                closed = closed_day_break(self.visit.offer, cleaned[name])
                if closed:
                    self.add_error(name, closed)
        return cleaned


OTHER_DATE = "other"


class ConfirmForm(forms.Form):
    date = forms.ChoiceField(label=_("Visit date"), widget=forms.RadioSelect)
    other_date = forms.DateField(label=_("Another date"), widget=DATE, required=False)
    start_time = forms.TimeField(label=_("Start time"), widget=TIME)
    agenda = forms.CharField(
        label=_("Agenda"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("e.g. 10:00 挨拶・概要説明 / 10:20 kintoneアプリ実演 / 11:00 質疑応答"),
    )
    version = VersionField()

    prefix = "confirm"

    def __init__(self, visit, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit = visit
        choices = []
        for number, day in enumerate(visit.preferred_days, start=1):
            choices.append(
                (
                    day.isoformat(),
                    _("Preference %(number)s: %(date)s")
                    % {"number": number, "date": format_day(day)},
                )
            )
        for day in visit.proposed_days:
            if day.isoformat() not in dict(choices):
                choices.append(
                    (
                        day.isoformat(),
                        _("Proposed by the host: %(date)s") % {"date": format_day(day)},
                    )
                )
        choices.append((OTHER_DATE, _("Another date (below)")))
        self.fields["date"].choices = choices
        self.initial.setdefault("start_time", visit.offer.start_time)

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("date")
        if choice == OTHER_DATE:
            if not cleaned.get("other_date"):
                self.add_error("other_date", _("Enter the other date."))
            else:
                cleaned["day"] = cleaned["other_date"]
        elif choice:
            cleaned["day"] = forms.DateField().to_python(choice)
        day = cleaned.get("day")
        if day and day < timezone.localdate():
            self.add_error("date", _("The visit date cannot be in the past."))
        elif day:
            closed = closed_day_break(self.visit.offer, day)
            if closed:
                self.add_error("other_date" if choice == OTHER_DATE else "date", closed)
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the visitor)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = VersionField()


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional, sent to the host)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = VersionField()


class VersionForm(forms.Form):
    version = VersionField()


class MessageForm(OnceForm):
    body = forms.CharField(
        label=_("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    prefix = "message"


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Report title"), max_length=120)
    what_we_saw = forms.CharField(
        label=_("What we saw"), max_length=6000, widget=forms.Textarea(attrs={"rows": 8})
    )
    what_we_will_try = forms.CharField(
        label=_("What we will try"),
        max_length=6000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    saw_page = forms.ModelChoiceField(
        label=_("Case study, template or curriculum seen"),
        queryset=Page.objects.none(),
        required=False,
        help_text=_("The report also appears on that page."),
    )
    adopt = forms.BooleanField(
        label=_("We adopted what we saw (横展開)"),
        required=False,
        help_text=_(
            "Records an adoption by your municipality of the page chosen above; it then "
            "counts on that page and in every list that sorts by adoptions."
        ),
    )

    def __init__(self, visit, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        host = visit.offer.municipality_id
        self.fields["saw_page"].queryset = (
            Page.objects.live()
            .filter(
                Q(pk__in=visit.offer.topic_links.values("page_id"))
                | Q(pk__in=publications_of(host).values("pk"))
            )
            .order_by("title")
        )
        if not may_report_adoption(user, visit):
            del self.fields["adopt"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("adopt") and not cleaned.get("saw_page"):
            self.add_error("saw_page", _("Choose what you saw, to record its adoption."))
        return cleaned
