"""Short, readable URLs for pages with Japanese titles: the title's words in romaji
(their readings, as the search index reads them) instead of the title itself, which
a browser shows as hundreds of percent-encoded characters.

「kintoneで窓口の申請を電子化し、年間800時間を削減」 → ``kintone-madoguchi-shinsei-denshika-nenkan-800``
"""

import hashlib

from django.utils.text import slugify

from community.municipalities.romaji import hepburn
from community.search.analysis import words

MAX_LENGTH = 50


def readable_slug(title: str, *, max_length: int = MAX_LENGTH) -> str:
    """The words of ``title`` in romaji, joined by hyphens, cut at a word to at most
    ``max_length`` characters; a short id (``p-1a2b3c4d``) when no word has a reading."""
    slug = ""
    for word in words(title):
        text = word.term if word.term.isascii() else hepburn(word.reading)
        part = slugify(text)
        if not part or not part.isascii():
            continue
        candidate = f"{slug}-{part}" if slug else part
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or "p-" + hashlib.sha256(title.encode()).hexdigest()[:8]


def needs_readable_slug(slug: str) -> bool:
    """Whether ``slug`` would show percent-encoded in a URL (it is not plain ASCII)."""
    return not slug.isascii()


def available_slug(base: str, parent, page) -> str:
    """``base``, or ``base-2``, ``base-3`` … if a sibling of ``page`` under ``parent``
    already has it."""
    from wagtail.models import Page

    slug, number = base, 1
    while not Page._slug_is_available(slug, parent, page):
        number += 1
        slug = f"{base}-{number}"
    return slug
