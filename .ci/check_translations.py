"""Fail when the Japanese catalogue is stale, incomplete or not compiled.

1. ``makemessages`` (GNU gettext) run afresh must find no msgid that the
   committed django.po lacks, and the committed file must hold no obsolete one;
2. every entry is translated and none is fuzzy;
3. the committed django.mo holds exactly the committed django.po's translations
   (the demo ships the .mo so that users need no gettext).
"""

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "ja" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def keys(catalogue) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in catalogue if not entry.obsolete}


def translations(catalogue) -> dict:
    return {
        (entry.msgctxt, entry.msgid): (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
        for entry in catalogue
        if not entry.obsolete and "fuzzy" not in entry.flags
    }


def main() -> int:
    problems: list[str] = []
    committed = polib.pofile(str(PO))

    backup = PO.read_bytes()
    try:
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "ja", "--no-location",
             "--ignore=.venv", "--ignore=var", "--ignore=tests", "--ignore=node_modules"],
            cwd=ROOT, check=True, capture_output=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "yokoten.settings.test"},
        )  # fmt: skip
        fresh = polib.pofile(str(PO))
    finally:
        PO.write_bytes(backup)  # leave the tree as it was

    new = keys(fresh) - keys(committed)
    gone = keys(committed) - keys(fresh)
    problems += [
        f"not in django.po (run makemessages): {ctx + ' | ' if ctx else ''}{msgid}"
        for ctx, msgid in sorted(new, key=str)
    ]
    problems += [
        f"no longer used (run makemessages): {msgid}" for _ctx, msgid in sorted(gone, key=str)
    ]

    for entry in committed:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid}")
        elif not (entry.msgstr or any(entry.msgstr_plural.values())):
            problems.append(f"untranslated: {entry.msgid}")

    if not MO.exists():
        problems.append("django.mo is missing (run compilemessages)")
    else:
        compiled = translations(polib.mofile(str(MO)))
        wanted = {
            key: value for key, value in translations(committed).items() if value[0] or value[1]
        }
        if compiled != wanted:
            problems.append("django.mo is stale (run compilemessages --ignore=.venv)")

    for problem in problems:
        print(problem)
    print("translations: OK" if not problems else f"translations: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
