"""Build a living demo site: every municipality, demo accounts and demo content.

Running it again reuses what exists: nothing is duplicated.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from yokoten.progress import Progress

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

    def handle(self, *args, forced: bool, verbosity: int = 1, **options):
        if not (settings.DEBUG or forced):
            raise CommandError(
                "load_demo creates accounts with public passwords; it runs only with DEBUG=1."
            )
        progress = Progress(self.stdout, verbosity)
        total = len(DEMO_STEPS) + 1
        with progress.step("Municipalities", number=1, total=total):
            call_command("load_municipalities", stdout=self.stdout, verbosity=verbosity)
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
            for number, step in enumerate(DEMO_STEPS, start=2):
                label = step.rsplit(".", 2)[-2].replace("_", " ").capitalize()
                with progress.step(label, number=number, total=total):
                    accounts += import_string(step)(stdout=progress) or []
        progress(self.style.SUCCESS(f"Demo loaded in {progress.elapsed():.0f} s."))
        if not progress.quiet:
            self.print_accounts(accounts)

    def print_accounts(self, accounts) -> None:
        from allauth.mfa.models import Authenticator

        from casestudies.demo.accounts import DEMO_TOTP_SECRET

        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("Demo accounts (demo only — never reuse these passwords):")
        )
        # Marked as the database says (an activated TOTP authenticator), whichever
        # step made the account.
        with_totp = set(
            Authenticator.objects.filter(
                type=Authenticator.Type.TOTP, user__email__in=[a.email for a in accounts]
            ).values_list("user__email", flat=True)
        )
        width = max(len(account.email) for account in accounts)
        for account in accounts:
            second = "2FA" if account.email in with_totp else "   "
            self.stdout.write(
                f"  {account.email:<{width}}  {account.password:<22}  {second}  {account.role}"
            )
        if with_totp:
            self.stdout.write(
                "2FA: after the password, the site asks for a six-digit code (二要素認証). "
                "Get the current one with `.venv/bin/python manage.py demo_totp_code`, "
                f"or add the secret {DEMO_TOTP_SECRET} to any authenticator app "
                f"(`oathtool --totp -b {DEMO_TOTP_SECRET}`)."
            )
