"""A realistic national dataset for load tests, built through the site's own
service functions: at --scale 1 about 2,000 case studies, 1,000 app templates,
300 curricula, 6,000 adoptions of them, 20,000 questions with 60,000 answers,
5,000 members and 2,000 visit requests over all 1,741 municipalities, small
towns the most active.

Run after load_demo (it needs the registry, demo accounts and index pages).
Running it again tops up what is missing; a larger scale adds to a smaller one.

Each step draws its plan first, then writes it in bulk: the same rows its
services would write one object at a time (``casestudies/home/seeding.py``;
tests/home compares both ways table by table). ``--through-services`` takes
the slow way, one service call per object, as the site does (about an hour at
--scale 1). Nobody is emailed either way (the addresses are on real municipal
domains): mail goes to the dummy backend.
"""

import io
import random
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils.module_loading import import_string

from yokoten.cache_policy import retire_everything
from yokoten.progress import Progress

# Each step: seed(scale, rng, stdout) -> {name: count}. Order matters (authors first).
SEED_STEPS = [
    "casestudies.demo.seed.accounts.seed_members",
    "casestudies.demo.seed.cases.seed_case_studies",
    "casestudies.demo.seed.apptemplates.seed_templates",
    "casestudies.demo.seed.curricula.seed_curricula",
    "casestudies.demo.seed.adoptions.seed_adoptions",
    "casestudies.demo.seed.forum.seed_questions",
    "casestudies.demo.seed.visits.seed_visit_requests",
]


class Command(BaseCommand):
    help = "Seed a national-scale dataset for benchmarks (--scale 1 ≈ 2,000 case studies, 20,000 questions …)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument(
            "--seed", type=int, default=20261126, help="random seed (same seed, same data)"
        )
        parser.add_argument(
            "--through-services",
            action="store_true",
            help="one service call per object, as the site does (slow; the bulk way's reference)",
        )

    def handle(
        self, *args, scale: float, seed: int, through_services: bool, verbosity: int = 1, **options
    ):
        self.progress = progress = Progress(self.stdout, verbosity)
        started = time.monotonic()
        # Wagtail updates its reference index in a task after every save; for a
        # bulk load it is cheaper to skip those and rebuild the index once.
        with override_settings(
            TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        ):
            totals = self.seed(scale, seed, through_services)
        progress("Rebuilding Wagtail's reference index …")
        step_started = time.monotonic()
        call_command("rebuild_references_index", stdout=io.StringIO())
        progress(f"  done in {time.monotonic() - step_started:.0f} s")
        # Bulk writes send no post_save: retire every cached page once.
        retire_everything()
        progress(
            self.style.SUCCESS(
                f"Seeded at scale {scale} in {time.monotonic() - started:.0f} s: {totals}"
            )
        )

    def seed(self, scale: float, seed: int, through_services: bool) -> dict:
        totals = {}
        for step in SEED_STEPS:
            started = time.monotonic()
            self.progress(f"{step} …")
            # Each step writes its own batches ("  questions: 500/20000") as it goes.
            counts = import_string(step)(
                scale,
                random.Random(f"{seed}:{step}"),
                self.progress,
                through_services=through_services,
            )
            totals.update(counts)
            self.progress(f"  done in {time.monotonic() - started:.0f} s: {counts}")
        return totals
