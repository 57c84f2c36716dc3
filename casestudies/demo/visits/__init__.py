"""Demo site visits: offers from thirteen real municipalities of every size
(the texts are written for the demo, not taken from them), and requests in
every state between demo accounts, made through the same services the site
uses. Running it again changes nothing.

Emails are not sent while loading (the demo accounts sit on real municipal
domains); the inbox items of both sides are made, so the demo's hosts and
visitors find their requests' history in their notifications.
"""

import datetime

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from casestudies.demo.accounts import (
    SHIMOTSUMA_STAFF,
    SMALL_TOWN_STAFF,
    DemoAccount,
    ensure_account,
)
from casestudies.demo.visits.content import (
    COUNCIL_MEMBER,
    DAIGO_STAFF,
    DEMO_PASSWORD,
    OFFERS,
    REQUESTS,
    DemoOffer,
    DemoRequest,
)
from community.municipalities.models import Municipality
from community.municipalities.publications import publications_of
from community.notifications.services import announcing_inline
from community.taxonomy.models import Category, Tool
from community.visits import services
from community.visits.models import VisitOffer, VisitRequest, pack
from community.visits.rules import next_free_days
from community.visits.states import Status


def _staff_account(offer: DemoOffer, municipality: Municipality) -> DemoAccount:
    if offer.code == "082104":
        return SHIMOTSUMA_STAFF
    if offer.code == "064033":
        return SMALL_TOWN_STAFF
    domain = municipality.domains.order_by("domain_length").first()
    if domain is None:
        raise RuntimeError(f"{municipality} has no official domain for a demo account.")
    return DemoAccount(
        f"visits-demo-{offer.code}@{domain.domain}",
        DEMO_PASSWORD,
        f"認証済み職員（{municipality.name}）/ verified staff, host in the visits demo",
        offer.staff_name,
        department=offer.staff_department,
    )


def busy_periods(periods, *, today: datetime.date) -> list[services.Blackout]:
    """This year's and next year's dates of each period, those not over yet."""
    blackouts = []
    for year in (today.year - 1, today.year, today.year + 1):
        for label, (start_month, start_day), (end_month, end_day) in periods:
            start = datetime.date(year, start_month, start_day)
            end = datetime.date(year + (end_month < start_month), end_month, end_day)
            if end >= today:
                blackouts.append(services.Blackout(label, start, end))
    return sorted(blackouts, key=lambda blackout: blackout.starts_on)


def _pages_shown(municipality, tools) -> list:
    """What the host published with the offer's tools (the pages its visitors see)."""
    from casestudies.knowledge.models import KnowledgePage

    published = publications_of(municipality)
    with_tools = [
        page
        for page in published.specific()
        if isinstance(page, KnowledgePage) and {tool.slug for tool in page.tools.all()} & set(tools)
    ]
    return with_tools[:3]


def ensure_offer(spec: DemoOffer, *, today: datetime.date) -> VisitOffer:
    municipality = Municipality.objects.select_related("prefecture").get(code=spec.code)
    staff = ensure_account(_staff_account(spec, municipality))
    existing = VisitOffer.objects.filter(municipality=municipality, title=spec.title).first()
    if existing:
        return existing
    offer = VisitOffer(
        municipality=municipality,
        title=spec.title,
        summary=spec.summary,
        formats=pack(spec.formats),
        weekdays=pack(spec.weekdays),
        accepted_from=None,
        accepted_until=None,
        start_time=spec.start_time,
        duration_minutes=spec.duration_minutes,
        max_party_size=spec.max_party_size,
        lead_time_days=spec.lead_time_days,
        fee_yen=spec.fee_yen,
        fee_note=spec.fee_note,
        advance_materials=spec.advance_materials,
        contact_department=spec.department,
        notify_email=staff.email,
        accepts_council_members=spec.accepts_council_members,
        accepts_companies=spec.accepts_companies,
        accepts_students=spec.accepts_students,
    )
    services.publish_offer(
        offer,
        actor=staff,
        topics=_pages_shown(municipality, spec.tools),
        blackouts=busy_periods(spec.busy_periods, today=today),
        tools=Tool.objects.filter(slug__in=spec.tools),
        categories=Category.objects.filter(slug__in=spec.categories),
    )
    return offer


def _host_staff(visit: VisitRequest):
    return visit.offer.created_by


def _details(spec: DemoRequest, user, days) -> services.VisitDetails:
    return services.VisitDetails(
        format=spec.format,
        visitor_type=spec.visitor_type,
        organisation=spec.organisation,
        party_size=spec.party_size,
        preferred_days=days,
        purpose=spec.purpose,
        questions=spec.questions,
        contact_name=user.display_name,
        contact_email=user.email,
        contact_phone=spec.phone,
    )


def _move_into_the_past(visit: VisitRequest, *, days_ago: int) -> None:
    """The demo's finished visits took place weeks ago."""
    today = timezone.localdate()
    day = today - datetime.timedelta(days=days_ago)
    while day.weekday() > 4:
        day -= datetime.timedelta(days=1)
    start_time = visit.starts_at.astimezone(services.VISIT_TIME_ZONE).time()
    starts_at = datetime.datetime.combine(day, start_time, services.VISIT_TIME_ZONE)
    VisitRequest.objects.filter(pk=visit.pk).update(
        starts_at=starts_at,
        ends_at=starts_at + (visit.ends_at - visit.starts_at),
        preferred_dates=[day.isoformat()],
        created_at=starts_at - datetime.timedelta(days=45),
    )
    visit.refresh_from_db()


def ensure_request(spec: DemoRequest, offers: dict[str, VisitOffer]) -> VisitRequest:
    offer = offers[spec.offer_code]
    requester = ensure_account(spec.requester)
    existing = VisitRequest.objects.filter(offer=offer, requester=requester).first()
    if existing:
        return existing
    free = next_free_days(offer, count=6)
    visit = services.request_visit(
        offer,
        requester=requester,
        details=_details(spec, requester, free[:3]),
        consent=True,
    )
    host = _host_staff(visit)
    if spec.status == Status.SCHEDULING:
        services.propose_dates(
            visit, free[3:5], actor=host, expected_version=visit.version, note=spec.proposal_note
        )
    if spec.status in (Status.CONFIRMED, Status.DONE):
        services.confirm_visit(
            visit,
            free[0],
            actor=host,
            expected_version=visit.version,
            agenda=spec.agenda,
        )
    for side, text in spec.messages:
        services.post_message(visit, actor=host if side == "host" else requester, body=text)
    if spec.status == Status.DONE:
        _move_into_the_past(visit, days_ago=30 if spec.offer_code == "172065" else 60)
        services.mark_done(visit, actor=host, expected_version=visit.version)
        if spec.report:
            seen = (
                publications_of(offer.municipality).filter(title__startswith=spec.saw).first()
                if spec.saw
                else None
            )
            services.write_report(visit, actor=requester, saw_page=seen, **spec.report)
    if spec.status == Status.DECLINED:
        services.decline(
            visit, actor=host, expected_version=visit.version, reason=spec.closing_reason
        )
    if spec.status == Status.CANCELLED:
        services.cancel(
            visit, actor=requester, expected_version=visit.version, reason=spec.closing_reason
        )
    return visit


def load(stdout=None) -> list[DemoAccount]:
    today = timezone.localdate()
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        announcing_inline(),
        transaction.atomic(),
    ):
        offers = {spec.code: ensure_offer(spec, today=today) for spec in OFFERS}
        for spec in REQUESTS:
            ensure_request(spec, offers)
    if stdout is not None:
        stdout.write(
            f"Site visits: {len(offers)} offers, "
            f"{VisitRequest.objects.count()} requests in every state."
        )
    return [DAIGO_STAFF, COUNCIL_MEMBER]
