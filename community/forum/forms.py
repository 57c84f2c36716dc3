import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.accounts.finder import askable_members
from community.notices.forms import NoticeCitationField
from community.submissions.forms import OnceForm

from .citations import page_for_url
from .models import Board, FlagReason, ForumTag, Question
from .models.posts import BODY_MAX_CHARS, COMMENT_MAX_CHARS
from .services.posting import MAX_CITATIONS, MAX_TAGS

TAG_SEPARATORS = re.compile(r"[,、，\n]+")
MARKDOWN_HELP = _(
    "Markdown works: **bold**, - lists, [link text](https://…), ``` for code. HTML is shown as text."
)


def split_tags(value: str) -> list[str]:
    names = [ForumTag.normalise(name) for name in TAG_SEPARATORS.split(value or "")]
    return list(dict.fromkeys(name for name in names if name))


class QuestionForm(OnceForm):
    board = forms.ModelChoiceField(
        label=pgettext_lazy("question form", "Board"), queryset=Board.objects.none()
    )
    title = forms.CharField(
        label=pgettext_lazy("question form", "Title"),
        max_length=150,
        help_text=_(
            "One sentence a peer can answer, e.g. “kintone でアクセス権を課ごとに分けるには？”"
        ),
    )
    body = forms.CharField(
        label=pgettext_lazy("question form", "Your question"),
        max_length=BODY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=MARKDOWN_HELP,
    )
    tags = forms.CharField(
        label=pgettext_lazy("question form", "Tags"),
        required=False,
        max_length=300,
        help_text=_("Up to five, separated by commas, e.g. kintone, アクセス権, 予算ゼロ"),
    )
    cites = forms.CharField(
        label=pgettext_lazy("question form", "Related case studies, templates or curricula"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: paste the address of each page on Yokoten, one per line."),
    )

    def __init__(self, *args, boards=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards if boards is not None else Board.objects.none()

    def clean_tags(self):
        names = split_tags(self.cleaned_data["tags"])
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(
                _("Use at most %(count)s tags."), params={"count": MAX_TAGS}
            )
        too_long = [name for name in names if len(name) > 50]
        if too_long:
            raise forms.ValidationError(_("A tag can be at most 50 characters long."))
        return names

    def clean_cites(self):
        lines = [line.strip() for line in self.cleaned_data["cites"].splitlines() if line.strip()]
        if len(lines) > MAX_CITATIONS:
            raise forms.ValidationError(
                _("Cite at most %(count)s pages."), params={"count": MAX_CITATIONS}
            )
        pages, unknown = [], []
        for line in lines:
            page = page_for_url(line)
            (pages.append(page) if page else unknown.append(line))
        if unknown:
            raise forms.ValidationError(
                _("No published page on Yokoten has this address: %(urls)s"),
                params={"urls": ", ".join(unknown)},
            )
        return pages


class AskForm(QuestionForm):
    """Asking, possibly of one person from the people finder (``?to=<member id>``)."""

    to = forms.ModelChoiceField(
        queryset=askable_members(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("This person does not take questions here any more."),
        },
    )

    def __init__(self, *args, asker=None, **kwargs):
        super().__init__(*args, **kwargs)
        if asker is not None:
            self.fields["to"].queryset = askable_members().exclude(pk=asker.pk)

    @property
    def addressee(self):
        """Whom the question goes to (also before the form is valid, for the page)."""
        if self.is_bound:
            return self.cleaned_data.get("to") if hasattr(self, "cleaned_data") else None
        pk = self.initial.get("to")
        return self.fields["to"].queryset.filter(pk=pk).first() if pk else None


class AnswerForm(OnceForm):
    body = forms.CharField(
        label=pgettext_lazy("answer form", "Your answer"),
        max_length=BODY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MARKDOWN_HELP,
    )
    notices = NoticeCitationField(
        label=pgettext_lazy("answer form", "Official notices your answer rests on"),
        help_text=_(
            "Optional: the address of each 通知 or 事務連絡 (総務省, デジタル庁 …) in Yokoten's "
            "list of official notices, one per line. You are asked each fiscal year whether "
            "it still holds."
        ),
    )


class CommentForm(OnceForm):
    body = forms.CharField(
        label=pgettext_lazy("comment form", "Comment"),
        max_length=COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    answer = forms.IntegerField(required=False, widget=forms.HiddenInput)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=pgettext_lazy("flag form", "What is wrong with it?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=pgettext_lazy("flag form", "Details for the moderators"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("moderation", "Reason (kept in the audit log)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("moderation", "Reason (kept in the audit log)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MoveForm(OptionalReasonForm):
    board = forms.ModelChoiceField(
        label=pgettext_lazy("moderation", "Move to board"), queryset=Board.objects.all()
    )

    field_order = ["board", "reason"]


class MergeQuestionForm(OptionalReasonForm):
    """The question to keep, by its number or its address (/forum/questions/12/)."""

    into = forms.CharField(
        label=pgettext_lazy("moderation", "Merge into question (number or address)"),
        max_length=300,
        help_text=pgettext_lazy(
            "moderation",
            "This question is hidden; its answers, helpful votes and followers move "
            "there, and its address redirects there.",
        ),
    )

    field_order = ["into", "reason"]

    def __init__(self, *args, duplicate, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicate = duplicate

    def clean_into(self):
        text = self.cleaned_data["into"].strip()
        match = re.search(r"questions/(\d+)", text) or re.fullmatch(r"#?(\d+)", text)
        into = match and Question.objects.filter(pk=int(match.group(1))).first()
        if not into:
            raise forms.ValidationError(_("No question has that number or address."))
        if into.pk == self.duplicate.pk:
            raise forms.ValidationError(_("A question cannot be merged into itself."))
        if into.merged_into_id:
            raise forms.ValidationError(
                _("That question was itself merged into another; choose that one.")
            )
        return into


class TagChoiceField(forms.CharField):
    def clean(self, value):
        name = ForumTag.normalise(super().clean(value) or "")
        tag = ForumTag.objects.filter(name__iexact=name).first()
        if tag is None:
            raise forms.ValidationError(_("No tag is called “%(name)s”."), params={"name": name})
        return tag


class MergeTagsForm(OptionalReasonForm):
    source = TagChoiceField(
        label=pgettext_lazy("moderation", "Merge this tag"),
        help_text=_("It disappears; its questions and followers move to the other tag."),
    )
    target = TagChoiceField(label=pgettext_lazy("moderation", "into this tag"))

    field_order = ["source", "target", "reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") and cleaned.get("source") == cleaned.get("target"):
            self.add_error("target", _("Choose two different tags."))
        return cleaned


class BoardForm(forms.ModelForm):
    class Meta:
        model = Board
        fields = [
            "name",
            "name_en",
            "slug",
            "description",
            "description_en",
            "staff_only",
            "position",
        ]
