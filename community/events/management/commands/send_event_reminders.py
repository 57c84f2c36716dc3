from django.core.management.base import BaseCommand

from community.events.announce import reminders


class Command(BaseCommand):
    help = (
        "Remind everyone coming to an event that starts tomorrow (Japan time). "
        "Run it daily (e.g. from cron at 09:00); running it again tells nobody twice."
    )

    def handle(self, *args, **options):
        told = reminders()
        self.stdout.write(f"{told} reminder(s) sent.")
