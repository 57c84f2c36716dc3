from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from community.municipalities.registry import ENCODINGS, RegistryError, import_registry, read_csv
from yokoten.progress import Progress


class Command(BaseCommand):
    help = (
        "Create or update prefectures and municipalities from a CSV with the columns "
        "code,prefecture,name,name_kana,kind,population,population_as_of,website. "
        "Every row is validated first; if any row is bad, nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--encoding",
            choices=sorted(ENCODINGS),
            default="utf-8",
            help="utf-8 (with or without BOM; the default) or cp932 (Shift_JIS, as Excel saves "
            "Japanese CSV files).",
        )

    def handle(self, *args, path: Path, encoding: str, verbosity: int = 1, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        progress = Progress(self.stdout, verbosity)
        progress(f"Reading {path} …")
        try:
            rows = read_csv(path, encoding=encoding)
        except RegistryError as error:
            for problem in error.errors:
                self.stderr.write(f"{path}:{problem}")
            raise CommandError(f"{len(error.errors)} error(s); nothing was written.") from None
        progress(f"{len(rows)} rows valid; writing …")
        report(progress, import_registry(rows, report=progress))


def report(progress: Progress, result) -> None:
    progress(
        f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged; "
        f"{result.domains_added} official domains added."
    )
    for domain in result.skipped_domains:
        progress(f"domain {domain} already belongs to another municipality; not added")
