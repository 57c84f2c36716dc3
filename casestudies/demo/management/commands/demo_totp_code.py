"""The current two-factor code of the demo accounts marked 2FA (their shared,
public TOTP secret): what an authenticator app would show now."""

import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.management.base import BaseCommand

from casestudies.demo.accounts import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current six-digit two-factor code of the demo accounts (demo only)."

    def handle(self, *args, **options):
        counters = list(yield_hotp_counters_from_time())
        current = counters[len(counters) // 2]  # the window of now, between the tolerated ones
        left = app_settings.TOTP_PERIOD - int(time.time()) % app_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, current)))
        self.stdout.flush()  # the code on its own line before the note on stderr
        if options["verbosity"] >= 1:
            self.stderr.write(f"valid for another {left} s (each code works once per account)")
