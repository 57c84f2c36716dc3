"""The replication kit (再現キット) of every demo case study
(casestudies/demo/content/case_kits.json, by slug): costs, licences, procurement,
funding, staff time, who had to agree and the LGWAN notes.

``build_case`` fills it in for new pages; ``load`` fills it in on demo pages
published before the kit existed (a new revision, published by the page's owner),
and leaves a kit someone has written alone."""

import datetime
import functools
import json
from pathlib import Path

from django.db import transaction

CONTENT = Path(__file__).resolve().parent / "content" / "case_kits.json"
FOLLOW_UPS = Path(__file__).resolve().parent / "content" / "case_follow_ups.json"
KIT_FIELDS = (
    "initial_cost_yen", "running_cost_yen", "running_cost_after_trial_yen", "licences",
    "licence_count", "procurement_route", "build_hours", "running_hours_per_month",
    "agreed_with", "lgwan_notes",
)  # fmt: skip
FILLED_WHEN_EMPTY = ("months_to_launch", "staff_involved")


@functools.cache
def kits() -> dict[str, dict]:
    return json.loads(CONTENT.read_text(encoding="utf-8"))


@functools.cache
def follow_ups() -> dict[str, list]:
    """「その後」 notes of some demo case studies, by slug."""
    return json.loads(FOLLOW_UPS.read_text(encoding="utf-8"))


def apply_follow_ups(page, notes: list[dict]) -> None:
    from casestudies.cases.models import CaseFollowUp

    page.follow_ups = [
        CaseFollowUp(
            sort_order=position,
            noted_on=datetime.date.fromisoformat(note["noted_on"]),
            note=note["note"],
            figures=[("figure", figure) for figure in note["figures"]],
        )
        for position, note in enumerate(notes)
    ]


def funding_by_slug() -> dict:
    from casestudies.cases.models import FundingProgramme

    return {programme.slug: programme for programme in FundingProgramme.objects.all()}


def apply_kit(page, kit: dict, funding: dict) -> None:
    """Set ``kit`` on ``page`` in memory (its funding as a ParentalManyToMany)."""
    for name in KIT_FIELDS:
        setattr(page, name, kit[name])
    for name in FILLED_WHEN_EMPTY:
        if kit.get(name) is not None and getattr(page, name) is None:
            setattr(page, name, kit[name])
    page.funding = [funding[slug] for slug in kit["funding"] if slug in funding]


def has_kit(page) -> bool:
    return bool(page.procurement_route) or page.initial_cost_yen is not None


def load(stdout=None) -> list:
    from casestudies.cases.models import CaseStudyPage

    wanted = kits()
    funding = funding_by_slug()
    filled = 0
    for page in CaseStudyPage.objects.filter(slug__in=wanted).select_related("owner"):
        draft = page.get_latest_revision_as_object()
        if has_kit(draft):
            continue
        with transaction.atomic():
            apply_kit(draft, wanted[page.slug], funding)
            if page.slug in follow_ups() and not draft.follow_ups.exists():
                apply_follow_ups(draft, follow_ups()[page.slug])
            revision = draft.save_revision(user=page.owner, log_action=True)
            if page.live:
                revision.publish(user=page.owner, skip_permission_checks=True)
        filled += 1
    if stdout is not None:
        stdout.write(f"Replication kits: {filled} filled in.")
    return []
