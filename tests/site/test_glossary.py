"""One word for one thing (docs/glossary.md): no Japanese message the site shows,
from our catalogue or from django-allauth's as our catalogue overrides it, uses a
variant the glossary rules out (ユーザー登録 for 会員登録, 多要素認証 for 二要素認証 …)."""

import gettext
import re
from pathlib import Path

import allauth
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale/ja/LC_MESSAGES/django.po"


def banned_variants() -> dict[str, str]:
    """{variant: the word to use}, read from the glossary's table."""
    banned = {}
    for line in (ROOT / "docs/glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[1] in ("日本語（使う語）", "---"):
            continue
        for variant in cells[2].split(","):
            if variant.strip():
                banned[variant.strip()] = cells[1]
    return banned


def our_translations() -> list[str]:
    """Every msgstr of our catalogue (obsolete #~ entries aside), multi-line joined."""
    text = CATALOGUE.read_text(encoding="utf-8")
    found = []
    for entry in text.split("\n\n"):
        lines = [line for line in entry.splitlines() if not line.startswith("#")]
        reading, parts = False, []
        for line in lines:
            if line.startswith("msgstr"):
                reading = True
                line = line.split(" ", 1)[1]
            elif not line.startswith('"'):
                reading = False
                continue
            if reading:
                parts.append(line.strip()[1:-1])
        if parts:
            found.append("".join(parts))
    return found


def violations(texts) -> list[str]:
    banned = banned_variants()
    return [
        f"{variant} (use {preferred}): {text}"
        for text in texts
        for variant, preferred in banned.items()
        if variant in text
    ]


def test_the_glossary_rules_out_the_known_variants():
    banned = banned_variants()
    assert banned["ユーザー登録"] == "会員登録" and banned["多要素認証"] == "二要素認証"
    assert banned["サインイン"] == "ログイン"


def test_our_catalogue_uses_the_glossary_terms():
    texts = our_translations()
    assert len(texts) > 1000  # the parser read the catalogue
    assert not violations(texts)


def test_allauth_s_messages_read_in_the_glossary_terms_as_the_site_shows_them():
    path = Path(allauth.__file__).parent / "locale/ja/LC_MESSAGES/django.mo"
    with path.open("rb") as handle:
        allauth_catalogue = gettext.GNUTranslations(handle)._catalog
    shown = []
    with translation.override("ja"):
        for key in allauth_catalogue:
            if isinstance(key, tuple) or not key:  # plural forms; the header
                continue
            context, _sep, message = key.rpartition("\x04")
            shown.append(
                translation.pgettext(context, message) if context else translation.gettext(message)
            )
        assert translation.gettext("Sign Up") == "会員登録"
        assert translation.gettext("Two-Factor Authentication") == "二要素認証"
    assert not violations(shown)


def test_a_variant_would_be_caught():
    assert violations(["パスキーでユーザー登録"]) == [
        "ユーザー登録 (use 会員登録): パスキーでユーザー登録"
    ]
    assert re.search("多要素認証", "多要素認証で保護") and violations(["多要素認証で保護"])
