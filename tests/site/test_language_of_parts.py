"""Language of parts (WCAG 3.1.2): on English pages what members wrote and
the names of places sit in ``lang="ja"`` when they are Japanese."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.language import unmarked_japanese

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_the_ja_filter_marks_japanese_only_on_pages_in_another_language():
    with translation.override("en"):
        assert render("{{ t|ja }}", t="下妻市<b>") == '<span lang="ja">下妻市&lt;b&gt;</span>'
        assert render("{{ t|ja }}", t="kintone") == "kintone"
        assert render("<p{% lang_of a b %}>", a="kintone", b="紙の申請") == '<p lang="ja">'
    with translation.override("ja"):
        assert render("{{ t|ja }}", t="下妻市") == "下妻市"
        assert render("<p{% lang_of a %}>", a="紙の申請") == "<p>"


def test_the_reader_finds_japanese_outside_lang_ja():
    html = (
        '<html lang="en"><title>事例</title><p>あ<span lang="ja">い</span><img alt="う"></p></html>'
    )
    assert unmarked_japanese(html) == ["あ", "<img alt='う'>"]


def test_gloss_marks_the_bracketed_japanese_term_of_an_english_label():
    with translation.override("en"):
        assert (
            render("{{ t|gloss }}", t="Adoptions (横展開)")
            == 'Adoptions (<span lang="ja">横展開</span>)'
        )
        assert render("{{ t|gloss }}", t="下妻市 <b>") == '<span lang="ja">下妻市 &lt;b&gt;</span>'
        assert (
            render("{{ t|gloss }}", t="<b> (横展開)") == '&lt;b&gt; (<span lang="ja">横展開</span>)'
        )
        # An <option> cannot mark a part: the English label goes without its term.
        assert (
            render("{{ t|unglossed }}", t="Negotiated contract (随意契約)") == "Negotiated contract"
        )
        assert render("{{ t|unglossed }}", t="特別交付税措置") == "特別交付税措置"
    with translation.override("ja"):
        assert render("{{ t|gloss }}", t="横展開") == "横展開"
        assert render("{{ t|unglossed }}", t="随意契約") == "随意契約"


def test_a_select_writes_its_options_escaped_marked_and_unglossed():
    from django import forms

    field = forms.ChoiceField(
        choices=[
            ("", "Any"),
            ("negotiated", "Negotiated contract (随意契約)"),
            ("kofu", "特別交付税措置"),
            ("x", "<b>"),
            ("Groups", [("g", "一つ目")]),
        ]
    )
    with translation.override("en"):
        html = field.widget.render("procurement", "kofu", attrs={"id": "id_p"})
    assert html.startswith('<select name="procurement" id="id_p">')
    assert '<option value="" >' not in html
    assert '<option value="">Any</option>' in html
    assert '<option value="negotiated">Negotiated contract</option>' in html
    assert '<option value="kofu" selected lang="ja">特別交付税措置</option>' in html
    assert '<option value="x">&lt;b&gt;</option>' in html
    assert (
        '<optgroup label="Groups">' in html
        and '<option value="g" lang="ja">一つ目</option>' in html
    )
    assert html.rstrip().endswith("</select>")


def test_an_option_written_once_follows_the_language_and_the_choice():
    """Options are written once per process and language and read back after: the
    same option is marked on an English page, not on a Japanese one, and is selected
    only where it is the value."""
    from django import forms

    field = forms.ChoiceField(choices=[("kofu", "特別交付税措置"), ("ippan", "一般財源")])
    with translation.override("en"):
        english = field.widget.render("source", "kofu")
        again = field.widget.render("source", "ippan")
    with translation.override("ja"):
        japanese = field.widget.render("source", "kofu")
    assert '<option value="kofu" selected lang="ja">特別交付税措置</option>' in english
    assert '<option value="kofu" lang="ja">特別交付税措置</option>' in again
    assert '<option value="ippan" selected lang="ja">一般財源</option>' in again
    assert '<option value="kofu" selected>特別交付税措置</option>' in japanese
