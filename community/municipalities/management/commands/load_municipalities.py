from django.core.management.base import BaseCommand

from community.municipalities.registry import DATA_FILE, import_registry, read_data_file

from .import_municipalities import report


class Command(BaseCommand):
    help = (
        "Load (or refresh) all 47 prefectures and 1,741 municipalities from the shipped data file."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Loading {DATA_FILE.name} …")
        report(self, import_registry(read_data_file()))
