"""Demo for handover (人事異動) and the 予算要求 evidence pack.

下妻市's former DX officer 田中 一郎 moved to another section in April: their
verification ran out, and the draft case study they left behind waits for a
successor. Signed in as 石塚 美咲 (下妻市), /handover/ offers to take them
over; the draft then opens in /cms/ for her. The evidence pack step prints a pack
of two 0円 kintone cases made for 飯豊町 (its link works without an account)."""

import datetime

from django.db import transaction
from django.utils import timezone

from casestudies.cases.models import CaseStudyIndexPage, CaseStudyPage, OutcomeMetric
from casestudies.evidence.pack import make_token
from community.accounts.models import StaffVerification, User
from community.accounts.services import expire_if_due, verify_by_email
from community.municipalities.models import Municipality

PREDECESSOR_EMAIL = "tanaka-demo@city.shimotsuma.lg.jp"
DRAFT_SLUG = "shimotsuma-madoguchi-yoyaku-draft"
PACK_SLUGS = ("shimotsuma-kintone-dx", "iide-kintone-yoyaku")


def _predecessor() -> User:
    user = User.objects.filter(email=PREDECESSOR_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            email=PREDECESSOR_EMAIL,
            password=None,
            display_name="田中 一郎",
            department="DX推進課（令和6年度まで）",
            profile_visibility="members",
        )
        verify_by_email(user, PREDECESSOR_EMAIL)
    return user


def _end_verification(user: User) -> None:
    """Moved to another section on 1 April: the verification lapsed."""
    lapsed = timezone.now() - datetime.timedelta(days=30)
    StaffVerification.objects.filter(user=user).update(expires_at=lapsed)
    User.objects.filter(pk=user.pk).update(staff_until=lapsed)
    user.refresh_from_db()
    expire_if_due(user)


@transaction.atomic
def _draft_case(owner: User) -> None:
    index = CaseStudyIndexPage.objects.first()
    if index is None or CaseStudyPage.objects.filter(slug=DRAFT_SLUG).exists():
        return
    page = CaseStudyPage(
        title="窓口の予約をkintoneとフォームで受け付け、混雑を平準化（下書き）",
        slug=DRAFT_SLUG,
        municipality=Municipality.objects.get(code="082104"),
        fiscal_year=2024,
        department="DX推進課",
        summary="転入・転出の多い3月と4月に、市民課の窓口予約をkintoneとフォームで受け付けました。異動前にまとめかけた下書きです。",
        challenge="年度末と年度初めは窓口の待ち時間が1時間を超える日があり、来庁者から苦情が寄せられていました。",
        budget_yen=0,
        budget_source="other",
        budget_source_note="既存のkintoneライセンスの範囲内",
        initial_cost_yen=0,
        running_cost_yen=0,
        procurement_route="existing_contract",
        months_to_launch=2,
        one_person_feasible=True,
        owner=owner,
        live=False,
    )
    page.metrics = [
        OutcomeMetric(
            metric="繁忙期の最長待ち時間", value_before="約70分", value_after="約35分", sort_order=0
        )
    ]
    index.add_child(instance=page)
    page.save_revision(user=owner)


def load(stdout=None) -> list:
    predecessor = _predecessor()
    _draft_case(predecessor)
    if predecessor.is_verified_staff:
        _end_verification(predecessor)
    pack = list(
        CaseStudyPage.objects.live().filter(slug__in=PACK_SLUGS).values_list("pk", flat=True)
    )
    if stdout is not None:
        stdout.write(
            "Handover: 田中 一郎 (下妻市, verification ended) left a draft case study; "
            "sign in as dx-demo@city.shimotsuma.lg.jp and open /handover/."
        )
        if pack:
            stdout.write(f"Evidence pack for 飯豊町: /evidence/pack/{make_token(pack, '064033')}/")
    return []
