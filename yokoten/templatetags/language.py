"""Language of parts (WCAG 3.1.2): on a page in another language, what is
written in Japanese — members' text, municipality and prefecture names, tags —
says so, so that a screen reader reads it in a Japanese voice.

``{{ municipality.name|ja }}`` wraps Japanese text in ``<span lang="ja">``;
``<div class="prose"{% lang_of post.body %}>`` marks a whole element. Both do
nothing on a Japanese page or for text with no Japanese in it."""

import re

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# Kana, kanji, Japanese punctuation and full-width forms.
JAPANESE = re.compile(
    r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff9f]"
)


def needs_marking(*values) -> bool:
    """Whether any of ``values`` is Japanese text shown on a page in another language."""
    if (get_language() or "ja").split("-")[0] == "ja":
        return False
    return any(value is not None and JAPANESE.search(str(value)) for value in values)


@register.filter(needs_autoescape=True)
def ja(value, autoescape=True):
    text = conditional_escape(value) if autoescape else value
    if not needs_marking(value):
        return text
    return format_html('<span lang="ja">{}</span>', text)


@register.simple_tag
def lang_of(*values):
    return mark_safe(' lang="ja"') if needs_marking(*values) else ""


# An English phrase followed by its Japanese term in brackets: "Adoptions (横展開)".
_GLOSS = re.compile(r"([(（])([^()（）]*" + JAPANESE.pattern + r"[^()（）]*)([)）])")


@register.filter(needs_autoescape=True)
def gloss(value, autoescape=True):
    """``{{ label|gloss }}``: the Japanese term an English label gives in
    brackets, "Adoptions (横展開)", marked ``lang="ja"``; Japanese text with no
    English in it is marked whole, as ``|ja`` does."""
    text = str(value)
    if not needs_marking(text) or JAPANESE.search(_GLOSS.sub("", text)):
        return ja(value, autoescape)
    parts, end = [], 0
    for match in _GLOSS.finditer(text):
        parts.append(
            format_html(
                '{}{}<span lang="ja">{}</span>{}', text[end : match.start()], *match.groups()
            )
        )
        end = match.end()
    parts.append(conditional_escape(text[end:]))
    return format_html_join("", "{}", ((part,) for part in parts))


@register.filter
def unglossed(value):
    """An English label without its Japanese term in brackets, for where no part of
    the text can be marked (an <option>): "Negotiated contract (随意契約)" is read
    "Negotiated contract" on an English page; Japanese text is left as it is."""
    text = str(value)
    if not needs_marking(text):
        return value
    plain = _GLOSS.sub("", text).strip()
    return value if not plain or JAPANESE.search(plain) else plain
