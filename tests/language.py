"""Read a page for Japanese that is not marked as Japanese (WCAG 3.1.2,
language of parts): on an English page every Japanese text — members'
writing, place names, tags — sits inside an element with ``lang="ja"``, and
the interface itself is English."""

from html.parser import HTMLParser

from yokoten.templatetags.language import JAPANESE

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}  # fmt: skip
READ_ALOUD = ("alt", "title", "aria-label", "placeholder", "aria-description")
# A <title> cannot mark a part of it: the page title is left out.
UNREAD = {"script", "style", "template", "title"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, bool]] = []  # (tag, lang, unread)
        self.found: list[str] = []

    @property
    def lang(self) -> str:
        return self.stack[-1][1] if self.stack else ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = (attrs.get("lang") if attrs.get("lang") is not None else self.lang) or ""
        unread = tag in UNREAD or bool(self.stack and self.stack[-1][2])
        if not unread and not lang.startswith("ja"):
            for name in READ_ALOUD:
                if attrs.get(name) and JAPANESE.search(attrs[name]):
                    self.found.append(f"<{tag} {name}={attrs[name]!r}>")
        if tag not in VOID:
            self.stack.append((tag, lang, unread))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if self.stack and self.stack[-1][2]:
            return
        if JAPANESE.search(data) and not self.lang.startswith("ja"):
            self.found.append(" ".join(data.split())[:80])


def unmarked_japanese(html: str) -> list[str]:
    """The Japanese texts of ``html`` not inside an element marked ``lang="ja"``."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.found
