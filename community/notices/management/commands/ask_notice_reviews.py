from django.core.management.base import BaseCommand

from community.notices.services import ask_for_reviews


class Command(BaseCommand):
    help = (
        "At the start of a fiscal year (1 April), ask everyone who cited an official notice "
        "whether it is still valid. Run it daily (e.g. from cron at 08:00): it asks each "
        "author once per notice and fiscal year, however often it runs."
    )

    def handle(self, *args, **options):
        asked = ask_for_reviews()
        self.stdout.write(f"{asked} review prompt(s) sent.")
