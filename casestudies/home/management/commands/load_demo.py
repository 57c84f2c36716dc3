"""Build a living demo site: every municipality, demo accounts and demo content.

Running it again reuses what exists: nothing is duplicated.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from casestudies.home.demo import ensure_site_admin


class Command(BaseCommand):
    help = "Load all municipalities, demo accounts and demo content (idempotent), then print the accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="forced",
            help="Run even when DEBUG is off (demo passwords are public).",
        )

    def handle(self, *args, forced: bool, **options):
        if not (settings.DEBUG or forced):
            raise CommandError(
                "load_demo creates accounts with public passwords; it runs only with DEBUG=1."
            )
        call_command("load_municipalities", stdout=self.stdout)
        accounts = [ensure_site_admin()]
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("Demo accounts (demo only — never use these passwords elsewhere):")
        )
        width = max(len(account.email) for account in accounts)
        for account in accounts:
            self.stdout.write(f"  {account.email:<{width}}  {account.password}  {account.role}")
