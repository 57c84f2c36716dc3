from django.core.management.base import BaseCommand

from community.search.registry import rebuild_index


class Command(BaseCommand):
    help = "Empty the search index and index again everything public of every registered model."

    def handle(self, *args, **options):
        results = rebuild_index()
        for registration, count in results:
            self.stdout.write(f"{registration.label}: {count} indexed")
        total = sum(count for _registration, count in results)
        self.stdout.write(
            self.style.SUCCESS(f"{total} objects indexed from {len(results)} models.")
        )
