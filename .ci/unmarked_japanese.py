"""Count the Japanese an English page shows outside lang="ja" (WCAG 3.1.2), on
one page of every public type of the demo (make demo's database, var/db.sqlite3):

    .venv/bin/python .ci/unmarked_japanese.py            # counts per page
    N=10 .venv/bin/python .ci/unmarked_japanese.py case  # and the first texts of one page

What is left is untranslated interface text, or members' text not yet marked."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yokoten.settings.dev")
os.environ["YOKOTEN_PAGE_CACHE"] = "0"

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from tests.browser.site_pages import visitor_pages  # noqa: E402
from tests.language import unmarked_japanese  # noqa: E402


def main(names: list[str]) -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    total = 0
    for name, path in visitor_pages(ROOT / "var" / "db.sqlite3").items():
        if names and name not in names:
            continue
        response = client.get("/en" + path, follow=True)
        found = unmarked_japanese(response.content.decode())
        total += len(found)
        print(f"{name:<28} /en{path}  {len(found)}")
        for text in sorted(set(found))[: int(os.environ.get("N", "0"))]:
            print("    ", text)
    print(f"total {total}")


if __name__ == "__main__":
    main(sys.argv[1:])
