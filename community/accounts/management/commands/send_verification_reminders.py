"""Remind members whose staff verification ends within 30 and 7 days: run daily from cron,
e.g. ``0 8 * * *  manage.py send_verification_reminders``."""

from django.core.management.base import BaseCommand

from community.accounts.renewal import send_expiry_reminders


class Command(BaseCommand):
    help = "Remind verified staff 30 and 7 days before their verification expires (once each)."

    def handle(self, *args, **options):
        told = send_expiry_reminders()
        self.stdout.write(f"Reminded {told} member(s).")
