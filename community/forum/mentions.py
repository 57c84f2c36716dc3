"""@name mentions. Members have no handles, so a mention is "@" and the
member's display name without spaces (「@石塚美咲」, and 「@石塚美咲さん」 works
too: the longest name that starts the word wins). Members taking part in the
thread are matched first; anyone else only if exactly one member has that name.
"""

import re
import unicodedata
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Value
from django.db.models.functions import Replace

MENTION = re.compile(r"(?<![\w@.])@([^\s@,、，。．.!?！？「」『』()（）\[\]:：;；]{2,40})")
MAX_MENTIONS = 10
MIN_NAME_CHARS = 2


def compact_name(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name or "").split())


def mention_tokens(text: str) -> list[str]:
    found = MENTION.findall(unicodedata.normalize("NFKC", text or ""))
    return list(dict.fromkeys(found))[:MAX_MENTIONS]


def _prefixes(token: str) -> list[str]:
    """Longest first: 石塚美咲さん, 石塚美咲さ, 石塚美咲, …"""
    return [token[:end] for end in range(len(token), MIN_NAME_CHARS - 1, -1)]


def mentioned_members(text: str, *, participants: Iterable = ()) -> list:
    tokens = mention_tokens(text)
    if not tokens:
        return []
    in_thread = {}
    for member in participants:
        if member.display_name and member.is_active and not member.deleted_at:
            in_thread.setdefault(compact_name(member.display_name), member)
    wanted = {prefix for token in tokens for prefix in _prefixes(token)} - set(in_thread)
    by_name: dict[str, list] = {}
    if wanted:
        spaced = Replace(Replace("display_name", Value(" "), Value("")), Value("\u3000"), Value(""))
        for member in (
            get_user_model()
            .objects.annotate(compact=spaced)
            .filter(compact__in=wanted, is_active=True, deleted_at__isnull=True)
            .select_related("staff_municipality")
        ):
            by_name.setdefault(member.compact, []).append(member)
    found = {}
    for token in tokens:
        for prefix in _prefixes(token):
            if prefix in in_thread:
                member = in_thread[prefix]
            elif len(by_name.get(prefix, ())) == 1:
                member = by_name[prefix][0]
            else:
                continue
            found.setdefault(member.pk, member)
            break
    return list(found.values())
