from django.core.management.base import BaseCommand

from community.municipalities.registry import DATA_FILE, import_registry, read_data_file
from yokoten.progress import Progress

from .import_municipalities import report


class Command(BaseCommand):
    help = (
        "Load (or refresh) all 47 prefectures and 1,741 municipalities from the shipped data file."
    )

    def handle(self, *args, verbosity: int = 1, **options):
        progress = Progress(self.stdout, verbosity)
        progress(f"Loading {DATA_FILE.name} …")
        report(progress, import_registry(read_data_file(), report=progress))
