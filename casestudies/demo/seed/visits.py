"""Seeded visit requests for load tests: seeded staff of small towns ask the
demo hosts for visits, through the same services (and rules) the site uses.

Both ways of ``seed_demo`` take the services here: 2,000 requests at
``--scale 1`` take about 15 s, one transaction each."""

from django.db import transaction

from community.accounts.models import User
from community.visits import notifications, services
from community.visits.models import VisitOffer, VisitRequest
from community.visits.rules import next_free_days

PURPOSES = [
    "kintoneによる庁内アンケートの運用を拝見したい",
    "窓口の書かないワンストップ化の流れを現場で見せていただきたい",
    "予算ゼロで始めた研修の進め方を伺いたい",
    "LoGoフォームでの電子申請の受付体制について意見交換したい",
    "ペーパーレス会議の運用と機器の選び方を教えていただきたい",
]


def seed_visit_requests(scale: float, rng, stdout, *, through_services: bool = True) -> dict:
    target = int(2_000 * scale)
    offers = list(
        VisitOffer.objects.filter(is_published=True).select_related("municipality", "created_by")
    )
    if not offers:
        return {"visit_requests": 0}
    requesters = list(
        User.objects.filter(
            email__startswith="seed-", staff_municipality__isnull=False
        ).select_related("staff_municipality")[:2_000]
    )
    days_by_offer = {offer.pk: next_free_days(offer, count=10) for offer in offers}
    # Staff of any town but the host's, small towns the most (as seeded members are).
    visitors_by_offer = {
        offer.pk: [r for r in requesters if r.staff_municipality_id != offer.municipality_id]
        for offer in offers
    }
    existing = VisitRequest.objects.filter(requester__email__startswith="seed-").count()
    with notifications.muted():
        for number in range(existing, target):
            offer = rng.choice(offers)
            requester = rng.choice(visitors_by_offer[offer.pk])
            days = sorted(
                rng.sample(days_by_offer[offer.pk], k=min(3, len(days_by_offer[offer.pk])))
            )
            if not days:
                continue
            details = services.VisitDetails(
                format=offer.format_list[0],
                visitor_type="municipal_staff",
                organisation=f"{requester.staff_municipality.display_name} {requester.department}",
                party_size=min(offer.max_party_size, rng.randint(1, 4)),
                preferred_days=days,
                purpose=rng.choice(PURPOSES),
                contact_name=requester.display_name,
                contact_email=requester.email,
            )
            with transaction.atomic():
                visit = services.request_visit(
                    offer, requester=requester, details=details, consent=True
                )
                if number % 3 == 0 and offer.created_by:
                    services.confirm_visit(
                        visit, days[0], actor=offer.created_by, expected_version=visit.version,
                        agenda="10:00 挨拶・概要説明 / 10:20 実演 / 11:00 質疑応答",
                    )  # fmt: skip
            if (number + 1) % 500 == 0:
                stdout.write(f"  visit requests: {number + 1}/{target}")
    return {"visit_requests": VisitRequest.objects.count()}
