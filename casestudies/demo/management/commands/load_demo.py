"""Build a living demo site: every municipality, demo accounts and demo content.

Running it again reuses what exists: nothing is duplicated.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.module_loading import import_string

# Each step is idempotent and may return demo accounts to print.
DEMO_STEPS = [
    "casestudies.demo.accounts.load",
    "casestudies.demo.forum.load",
    "casestudies.demo.cases.load",
    "casestudies.demo.kits.load",  # on case studies published before the kit existed
    "casestudies.demo.apptemplates.load",
    "casestudies.demo.curricula.load",
    # After the pages: offers show what their hosts published, reports name what was seen.
    "casestudies.demo.visits.load",
    # After the pages and visits: what the demo officers. dashboards show of each other.
    "casestudies.demo.dashboard.load",
    # After every member exists: who is listed in the people finder.
    "casestudies.demo.people.load",
    # A former officer's draft to take over, and an evidence pack to open.
    "casestudies.demo.handover.load",
    "casestudies.demo.events.load",
    # After the forum: official notices its answers cite.
    "casestudies.demo.notices.load",
    # 飯豊町's officer: a verification ending soon, its reminder in the inbox.
    "casestudies.demo.reminders.load",
]


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
        accounts = []
        # What the pages and posts queue (reference and search index updates, the
        # announcements of demo questions) runs here, as each step commits: the
        # worker beside the demo server starts with an empty queue, so the first
        # question a visitor asks reaches its followers in a second, not after
        # minutes of demo backlog. The demo's own emails go nowhere.
        with override_settings(
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
            EMAIL_DELIVERY_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        ):
            for step in DEMO_STEPS:
                accounts += import_string(step)(stdout=self.stdout) or []
        self.print_accounts(accounts)

    def print_accounts(self, accounts) -> None:
        from casestudies.demo.accounts import DEMO_TOTP_SECRET

        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("Demo accounts (demo only — never reuse these passwords):")
        )
        width = max(len(account.email) for account in accounts)
        for account in accounts:
            self.stdout.write(f"  {account.email:<{width}}  {account.password:<22}  {account.role}")
        self.stdout.write(
            f"Two-factor code for accounts that need one: TOTP secret {DEMO_TOTP_SECRET} "
            f"(e.g. `oathtool --totp -b {DEMO_TOTP_SECRET}` or any authenticator app)."
        )
