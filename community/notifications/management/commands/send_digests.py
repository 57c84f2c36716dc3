"""Email the daily or weekly digest: run from cron, e.g.

0 7 * * *  manage.py send_digests --period daily
0 7 * * 1  manage.py send_digests --period weekly
"""

from django.core.management.base import BaseCommand

from community.notifications.models import DigestFrequency
from community.notifications.services import send_digests


class Command(BaseCommand):
    help = "Send the notification digest to every member whose digest comes at this period."

    def add_arguments(self, parser):
        parser.add_argument("--period", choices=DigestFrequency.values, required=True)

    def handle(self, *args, period: str, **options):
        sent = send_digests(period)
        self.stdout.write(f"Sent {sent} {period} digest(s).")
