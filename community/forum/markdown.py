"""Members write Markdown; readers get sanitised HTML.

1. Markdown with raw HTML *off*: Python-Markdown's HTML-block preprocessor and
   inline-HTML pattern are removed, so ``<script>`` in the source comes out as
   the text ``&lt;script&gt;``.
2. Headings move down two levels (``#`` becomes ``<h3>``): a page's own
   ``<h1>`` and ``<h2>`` stay the page's. Images become links (no third-party
   requests from our pages, and the CSP would block them anyway).
3. bleach then keeps only an allowlist of tags and attributes, only http,
   https and mailto links, turns bare URLs into links and gives every link
   ``rel="nofollow ugc noopener"``.

``sanitise_html`` is idempotent: sanitising its output again changes nothing.
The result is stored in ``body_html`` when a post is saved, so rendering a
page never runs Markdown.
"""

import html
import threading
from functools import partial

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from django.utils.html import strip_tags
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "strong",
        "em",
        "del",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "code",
        "pre",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "ol": ["start"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"
EXTENSIONS = ["fenced_code", "tables", "sane_lists", "nl2br"]


class _ForumTreeprocessor(Treeprocessor):
    """Demote headings by two levels; turn images into plain links."""

    def run(self, root):
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                element.tag = f"h{min(6, int(element.tag[1]) + 2)}"
            elif element.tag == "img":
                source, alt = element.get("src", ""), element.get("alt", "")
                element.attrib.clear()
                element.tag = "a"
                element.set("href", source)
                element.text = alt or source
        return None


def _markdown() -> markdown.Markdown:
    converter = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    converter.treeprocessors.register(_ForumTreeprocessor(converter), "forum", 5)
    return converter


def _link_attributes(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


_local = threading.local()


def _cleaner() -> bleach.Cleaner:
    # A Cleaner holds parser state: one per thread.
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = _local.cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[
                partial(LinkifyFilter, callbacks=[_link_attributes], skip_tags={"pre", "code"})
            ],
        )
    return cleaner


def sanitise_html(untrusted: str) -> str:
    """Only allowlisted tags, attributes and link schemes; every link rel="nofollow ugc noopener"."""
    return _cleaner().clean(untrusted or "")


def render_markdown(source: str) -> str:
    """A member's Markdown as safe HTML for ``body_html``."""
    return sanitise_html(_markdown().convert(source or ""))


def plain_text(rendered: str) -> str:
    """The words of rendered HTML, for the search index, excerpts and emails."""
    return " ".join(html.unescape(strip_tags(rendered)).split())
