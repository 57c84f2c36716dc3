"""A realistic national dataset for load tests, built through the site's own
service functions: at --scale 1 about 2,000 case studies, 1,000 app templates,
300 curricula, 20,000 questions with 60,000 answers, 5,000 members and 2,000
visit requests over all 1,741 municipalities, small towns the most active.

Run after load_demo (it needs the registry, demo accounts and index pages).
Running it again tops up what is missing; a larger scale adds to a smaller one.
"""

import io
import random
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils.module_loading import import_string

# Each step: seed(scale, rng, stdout) -> {name: count}. Order matters (authors first).
SEED_STEPS = [
    "community.accounts.seed.seed_members",
    "casestudies.cases.seed.seed_case_studies",
    "casestudies.apptemplates.seed.seed_templates",
    "casestudies.curricula.seed.seed_curricula",
    "community.forum.seed.seed_questions",
    "community.visits.seed.seed_visit_requests",
]


class Command(BaseCommand):
    help = "Seed a national-scale dataset for benchmarks (--scale 1 ≈ 2,000 case studies, 20,000 questions …)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument(
            "--seed", type=int, default=20261126, help="random seed (same seed, same data)"
        )

    def handle(self, *args, scale: float, seed: int, **options):
        # Wagtail updates its reference index in a task after every save; for a
        # bulk load it is cheaper to skip those and rebuild the index once.
        with override_settings(
            TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        ):
            totals = self.seed(scale, seed)
        self.stdout.write("Rebuilding Wagtail's reference index …")
        call_command("rebuild_references_index", stdout=io.StringIO())
        self.stdout.write(self.style.SUCCESS(f"Seeded at scale {scale}: {totals}"))

    def seed(self, scale: float, seed: int) -> dict:
        totals = {}
        for step in SEED_STEPS:
            started = time.monotonic()
            self.stdout.write(f"{step} …")
            counts = import_string(step)(scale, random.Random(f"{seed}:{step}"), self.stdout)
            totals.update(counts)
            self.stdout.write(f"  done in {time.monotonic() - started:.0f} s: {counts}")
        return totals
