"""make search-quality: load the demo content into a scratch database, run every
judged query (casestudies/demo/content/search_judgements.json) through the
site-wide search, and write docs/benchmarks/search-quality.{md,json}.

    .venv/bin/python .ci/search_quality.py            # SQLite, in memory
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/yokoten \
        .venv/bin/python .ci/search_quality.py        # PostgreSQL: a scratch test_yokoten

Exits 1 when the numbers fall below the floors (search_quality.below_floors).
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT_DIR = ROOT / "docs" / "benchmarks"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; keep the report")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yokoten.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    from casestudies.demo import accounts, cases, forum
    from casestudies.demo.search_quality import below_floors, evaluate, markdown, time_site_search

    setup_test_environment()
    started = time.monotonic()
    # A scratch database (the test database of DATABASE_URL's), dropped at the end.
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_municipalities", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        for step in (accounts.load, forum.load, cases.load):
            step()
        loaded = time.monotonic()
        report = evaluate()
        finished = time.monotonic()
        report["speed"] = time_site_search()
        vendor = connection.vendor
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    report["database"] = vendor
    report["seconds"] = {"load": round(loaded - started, 1), "queries": round(finished - loaded, 1)}
    text = markdown(report, heading_note=f"Database: {vendor}.")
    print(text)
    if not args.no_write:
        REPORT_DIR.mkdir(parents=True, exist_ok=True)
        suffix = "" if vendor == "sqlite" else f"-{vendor}"
        (REPORT_DIR / f"search-quality{suffix}.md").write_text(text, encoding="utf-8")
        (REPORT_DIR / f"search-quality{suffix}.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    problems = below_floors(report)
    for problem in problems:
        print(f"BELOW THE FLOOR: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
