"""Site-wide interface pieces: the breadcrumb trail, the filter panel's count,
and how a form shows what it needs and what went wrong."""

import html

from django import template
from django.conf import settings
from django.forms import BaseForm, BaseFormSet
from django.forms.utils import flatatt
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext
from wagtail.models import Page

from .language import lang_of, unglossed

register = template.Library()


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, *trail, current: str = ""):
    """``{% breadcrumbs label url label page … current=title %}``: the trail from
    home to the page being read. A step's target is a URL or a Wagtail page; the
    current page ends the trail as text, not a link."""
    request = context.get("request")
    steps = []
    for label, target in zip(trail[::2], trail[1::2], strict=True):
        url = target.get_url(request=request) if isinstance(target, Page) else target
        steps.append({"label": label, "url": url})
    return {"steps": steps, "current": current}


@register.filter
def active_filter_count(form) -> int:
    """How many of a bound filter form's fields the reader has set."""
    data = getattr(form, "data", None) or {}
    count = 0
    for name, field in form.fields.items():
        # A multi-part filter (population: band, from, under) counts once.
        value = field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        values = value if isinstance(value, list | tuple) else [value]
        count += any(str(value).strip() for value in values if value not in (None, False))
    return count


# --- Forms, in the manner of the Digital Agency design system -----------------
# Each field says whether it is 必須 or 任意; a submitted form with errors opens
# with an error summary that takes the focus and links to each field, and the
# page title starts with 「エラー：」.


@register.filter
def requirement(field) -> str:
    """Whether to mark the field 必須 ("required") or 任意 ("optional"): both
    marks in a form that has both kinds of field, none in a form whose fields
    are all optional (a filter form)."""
    if field.field.required:
        return "required"
    if any(other.required for other in field.form.fields.values()):
        return "optional"
    return ""


@register.filter
def input_id(field) -> str:
    """The id of the input that a link to this field should focus."""
    return f"{field.auto_id}_0" if field.use_fieldset else field.id_for_label


CHOICE_WIDGETS = {"select", "radioselect", "checkboxselectmultiple", "selectmultiple"}


@register.filter
def error_messages(field) -> list[str]:
    """The field's errors, a missing value named by its label: 「件名」を入力してください。"""
    messages = []
    for error in field.errors.as_data():
        if error.code != "required":
            messages.extend(error.messages)
        elif field.widget_type == "checkbox":
            messages.append(pgettext("form error", "Tick this box to continue."))
        elif field.widget_type in CHOICE_WIDGETS:
            messages.append(pgettext("form error", "Choose “%(label)s”.") % {"label": field.label})
        else:
            messages.append(pgettext("form error", "Enter “%(label)s”.") % {"label": field.label})
    return messages


@register.simple_tag
def field_input(field):
    """The field's input. While its form shows errors, no field takes the focus
    from the error summary (allauth's forms autofocus their first field)."""
    attrs = {"autofocus": False} if field.form.errors else None
    html = field.as_widget(attrs=attrs)
    if field.field.show_hidden_initial:
        html += field.as_hidden(only_initial=True)
    return html


# Each option's HTML, by language, value, label and attributes: the same few hundred
# options (prefectures, regions, tools, sizes) are written on every filter form.
_OPTIONS: dict[tuple, str] = {}
OPTIONS_KEPT = 20_000  # forgotten all at once past this many (labels a member wrote)


@register.simple_tag
def select_options(optgroups) -> str:
    """A select's <option>s (in their <optgroup>s), written here rather than by a
    template include per option: a list's filter form has about 150 options, and
    their includes were a fifth of a filtered list's render. Each option is what
    django/forms/widgets/select_option.html would give: an English label without its
    Japanese gloss, marked lang="ja" where it is Japanese on an English page. Each is
    written once per process and language (a third of the filter form's render)."""
    language = get_language()
    parts = []
    for group_name, options, _index in optgroups:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            key = (language, str(option["value"]), str(option["label"]), *option["attrs"].items())
            try:
                written = _OPTIONS.get(key)
            except TypeError:  # an attribute's value that cannot be a key: written each time
                key, written = None, None
            if written is None:
                written = _option(option)
                if key is not None:
                    if len(_OPTIONS) >= OPTIONS_KEPT:
                        _OPTIONS.clear()
                    _OPTIONS[key] = written
            parts.append(written)
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html


def _option(option) -> str:
    label = unglossed(option["label"])
    return format_html(
        '\n  <option value="{}"{}{}>{}</option>',
        str(option["value"]),
        flatatt(option["attrs"]),
        lang_of(label),
        label,
    )


def _submitted(context) -> bool:
    request = context.get("request")
    return request is not None and request.method == "POST"


def _has_errors(value) -> bool:
    if isinstance(value, BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, BaseFormSet):
        return value.is_bound and bool(value.total_error_count())
    return False


@register.inclusion_tag("components/error_summary.html", takes_context=True)
def error_summary(context, form):
    """The list of what to correct on a submitted form and the formsets beside it
    (never on a filter form, whose problems the list itself explains). Errors of
    a form as a whole link to its first field."""
    if not _submitted(context):
        return {"items": []}
    formsets = [value for value in context.flatten().values() if isinstance(value, BaseFormSet)]
    items = _error_items(form) if _has_errors(form) else []
    for formset in formsets:
        if _has_errors(formset):
            first = formset.forms[0] if formset.forms else None
            items += [
                {"message": message, "target": _first_input(first)}
                for message in formset.non_form_errors()
            ]
            for row in formset.forms:
                items += _error_items(row)
    return {"items": items}


def _first_input(form) -> str:
    fields = form.visible_fields() if form is not None else []
    return input_id(fields[0]) if fields else ""


def _error_items(form) -> list[dict]:
    first = _first_input(form)
    whole = list(form.non_field_errors()) + [
        error for field in form.hidden_fields() for error in field.errors
    ]
    items = [{"message": message, "target": first} for message in whole]
    for field in form.visible_fields():
        for message in error_messages(field):
            if str(field.label) not in message:
                message = pgettext("error summary", "%(label)s: %(message)s") % {
                    "label": field.label,
                    "message": message,
                }
            items.append({"message": message, "target": input_id(field)})
    return items


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """「エラー：」 before the page title while a submitted form on it has errors."""
    if _submitted(context) and any(map(_has_errors, context.flatten().values())):
        return pgettext("page title", "Error: ")
    return ""


# --- Link previews and search engines ------------------------------------------


@register.simple_tag(takes_context=True)
def block_text(context, name: str) -> str:
    """The text of the page's block ``name`` (its title for og:title), as the
    page fills it, without markup."""
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = blocks.get_block(name) if blocks is not None else None
    if block is None:
        return ""
    return html.unescape(strip_tags(block.nodelist.render(context))).strip()


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The page's address on the public site, without its query."""
    request = context.get("request")
    return settings.SITE_URL + (request.path if request is not None else "/")
