"""Markdown with raw HTML off, then bleach: hostile input comes out inert, and
sanitising the output again changes nothing."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from community.forum.markdown import LINK_REL, render_markdown, sanitise_html

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)" onclick="alert(2)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "<https://ok.example> and <javascript:alert(1)>",
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
    '<iframe src="https://evil.example"></iframe><object data="x"></object><embed src="x">',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name="q"><button>go</button></form>',
    '<div onmouseover="alert(1)">hover</div>',
    "<!--<img src=x onerror=alert(1)>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '![x" onerror="alert(1)](https://img.example/a.png)',
    "<base href=javascript:/a/><a href=/x>x</a>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "# h1 heading\n\n## h2 heading",
]

FORBIDDEN_TAGS = {
    "script", "style", "svg", "math", "iframe", "object", "embed", "form", "input",
    "button", "img", "base", "meta", "noscript", "h1", "h2", "div", "mglyph",
    "maction", "link",
}  # fmt: skip


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


def assert_inert(html: str) -> None:
    for tag, attrs in elements(html):
        assert tag not in FORBIDDEN_TAGS, (tag, html)
        for name, value in attrs.items():
            assert not name.startswith("on"), (name, html)
            assert name not in ("style", "src", "xlink:href", "srcdoc", "formaction"), html
            if name == "href":  # relative links (our own pages) or http, https, mailto
                assert urlsplit(value).scheme in ("", "http", "https", "mailto"), html
                assert "script" not in value.lower(), html
        if tag == "a" and "href" in attrs:
            assert attrs["rel"] == LINK_REL, html


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_renders_inert(source):
    assert_inert(render_markdown(source))


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_html_sanitises_inert(source):
    assert_inert(sanitise_html(source))


@pytest.mark.parametrize("source", [*HOSTILE, "**太字** と [リンク](https://example.jp)"])
def test_sanitising_twice_changes_nothing(source):
    once = sanitise_html(source)
    assert sanitise_html(once) == once
    rendered = render_markdown(source)
    assert sanitise_html(rendered) == rendered


def test_raw_html_is_shown_as_text_not_passed_through():
    html = render_markdown("<b>太字</b> <script>alert(1)</script>")
    assert "&lt;b&gt;太字&lt;/b&gt;" in html
    assert "&lt;script&gt;" in html
    assert "<script" not in html and "<b>" not in html


def test_links_get_nofollow_ugc_noopener_and_bare_urls_become_links():
    html = render_markdown("[手引き](https://www.digital.go.jp/) と https://logoform.jp/ を参照")
    assert '<a href="https://www.digital.go.jp/" rel="nofollow ugc noopener">手引き</a>' in html
    assert '<a href="https://logoform.jp/" rel="nofollow ugc noopener">' in html


def test_javascript_link_keeps_its_text_but_loses_its_target():
    html = render_markdown("[押してください](javascript:alert(1))")
    assert "押してください" in html
    assert "javascript" not in html


def test_useful_markdown_survives():
    html = render_markdown(
        "手順：\n\n1. アプリを作る\n2. **権限**を設定\n\n> 引用\n\n```\ncode <b>\n```\n\n"
        "| 課 | 権限 |\n|---|---|\n| 総務課 | 閲覧 |"
    )
    for fragment in ("<ol>", "<li>", "<strong>権限</strong>", "<blockquote>", "<pre><code>"):
        assert fragment in html
    assert "code &lt;b&gt;" in html
    assert "<table>" in html and "<td>総務課</td>" in html


def test_headings_move_below_the_pages_own():
    html = render_markdown("# 見出し1\n\n## 見出し2\n\n###### 見出し6")
    assert "<h3>見出し1</h3>" in html and "<h4>見出し2</h4>" in html and "<h6>見出し6</h6>" in html


def test_images_become_links_to_the_image():
    html = render_markdown("![画面](https://example.jp/screen.png)")
    assert "<img" not in html
    assert '<a href="https://example.jp/screen.png" rel="nofollow ugc noopener">画面</a>' in html
