from django.core.management.base import BaseCommand

from community.search.registry import rebuild_index
from yokoten.progress import Progress


class Command(BaseCommand):
    help = "Empty the search index and index again everything public of every registered model."

    def handle(self, *args, verbosity: int, **options):
        progress = Progress(self.stdout, verbosity)
        progress("Emptying the search index …")
        # A line per model and per batch of its rows, as they are written.
        results = rebuild_index(report=progress)
        total = sum(count for _registration, count in results)
        progress(self.style.SUCCESS(f"{total} objects indexed from {len(results)} models."))
