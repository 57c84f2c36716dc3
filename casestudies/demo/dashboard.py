"""Demo: every block of the demo officers' dashboards has something in it.

下妻市's and 飯豊町's officers follow the kintone tag (its unanswered questions wait
for them), 飯豊町 records that it adopted 下妻市's 予算0円 kintone rollout (outcome
not yet recorded) and 下妻市 that it adopted 飯豊町's kintone booking ledger, with
the hours it saved. Each last visited the day before the newest kintone question
someone else asked, so "new since my last visit" has it. Visit requests, publications, adopters and notifications come
from the other demo steps. Idempotent."""

import datetime

from casestudies.adoption.models import Adoption
from casestudies.adoption.services import adopt
from casestudies.cases.models import CaseStudyPage
from community.accounts.news import set_last_visit
from community.forum.models import ForumTag, Question
from community.forum.services import follow

from .accounts import SHIMOTSUMA_STAFF, SMALL_TOWN_STAFF, ensure_account

ADOPTIONS = (
    # (adopter's account, the case's slug, adopted on, outcome metrics)
    (SMALL_TOWN_STAFF, "shimotsuma-kintone-dx", datetime.date(2025, 6, 2), []),
    (
        SHIMOTSUMA_STAFF,
        "iide-kintone-yoyaku",
        datetime.date(2025, 4, 14),
        [{"metric": "予約の電話・調整", "before": "月40時間", "after": "月12時間", "unit": "時間"}],
    ),
)


def load(stdout=None) -> list:
    tag = ForumTag.objects.filter(name="kintone").first()
    adopted = 0
    for account in (SHIMOTSUMA_STAFF, SMALL_TOWN_STAFF):
        member = ensure_account(account)
        if tag is not None:
            follow(member, tag)
            newest = (
                Question.objects.filter(tagged_items__tag=tag)
                .exclude(author=member)
                .order_by("-created_at")
                .first()
            )
            if newest is not None:
                set_last_visit(member, newest.created_at - datetime.timedelta(days=1))
    for account, slug, adopted_on, metrics in ADOPTIONS:
        member = ensure_account(account)
        case = CaseStudyPage.objects.live().filter(slug=slug).first()
        if (
            case is None
            or Adoption.objects.filter(page=case, municipality=member.staff_municipality).exists()
        ):
            continue
        adopt(case, member.staff_municipality, actor=member, adopted_on=adopted_on, metrics=metrics)
        adopted += 1
    if stdout is not None:
        stdout.write(f"Dashboards: demo officers follow kintone; {adopted} adoptions added.")
    return []
