"""The visits cast: 下妻市 hosts (its staff publish a kintone offer), staff of
飯豊町 (a small town) visit, staff of つくば市 are a third municipality that
must see nothing, plus the root cast's member, moderator and anonymous."""

import datetime

import pytest
from django.utils import timezone

from community.taxonomy.models import Category, Tool
from community.visits import services
from community.visits.models import VisitOffer, VisitRequest, pack
from community.visits.rules import next_free_days
from community.visits.states import Status


def weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    """The first ``weekday`` (0 = Monday) on or after ``day``."""
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def days_ahead(days: int, *, weekday: int = 1) -> datetime.date:
    """A ``weekday`` at least ``days`` days from today (Tuesday by default)."""
    return weekday_on_or_after(timezone.localdate() + datetime.timedelta(days=days), weekday)


# The kintone offer's council session: a fortnight, two months from now.
SESSION_START = 63
SESSION_DAYS = 14


@pytest.fixture
def third_town_staff(db):
    from tests.conftest import make_member

    return make_member("kobayashi@city.tsukuba.lg.jp", name="小林 陸")


def make_offer(
    staff,
    *,
    title="kintoneで進める庁内業務改善とアンケート運用",
    summary="kintoneアプリの庁内展開と職員研修の進め方をご紹介します。",
    formats=("onsite", "online", "consultation"),
    tools=("kintone",),
    categories=("efficiency",),
    weekdays=(0, 1, 2, 3, 4),
    lead_time_days=30,
    max_party_size=8,
    fee_yen=0,
    blackouts=(),
    topics=(),
    published=True,
    **fields,
) -> VisitOffer:
    offer = VisitOffer(
        municipality=staff.staff_municipality,
        title=title,
        summary=summary,
        formats=pack(formats),
        weekdays=pack(weekdays),
        lead_time_days=lead_time_days,
        max_party_size=max_party_size,
        fee_yen=fee_yen,
        contact_department=fields.pop("contact_department", "DX推進課"),
        notify_email=fields.pop("notify_email", f"dx-desk@{staff.email.rpartition('@')[2]}"),
        **fields,
    )
    services.publish_offer(
        offer,
        actor=staff,
        topics=topics,
        blackouts=blackouts,
        tools=Tool.objects.filter(slug__in=tools),
        categories=Category.objects.filter(slug__in=categories),
    )
    if not published:
        services.withdraw_offer(offer, actor=staff)
    return offer


@pytest.fixture
def offer_factory(db):
    return make_offer


@pytest.fixture
def kintone_offer(offer_factory, shimotsuma_staff):
    """下妻市's offer: weekdays, 30 days ahead, up to 8 people, a council session
    two months from now, council members and companies welcome, students not."""
    start = timezone.localdate() + datetime.timedelta(days=SESSION_START)
    return offer_factory(
        shimotsuma_staff,
        accepts_council_members=True,
        accepts_companies=True,
        accepts_students=False,
        blackouts=[
            services.Blackout("6月定例会", start, start + datetime.timedelta(days=SESSION_DAYS - 1))
        ],
    )


def details(offer, *, days=None, **overrides) -> services.VisitDetails:
    days = days if days is not None else next_free_days(offer, count=3)
    values = {
        "format": "onsite",
        "visitor_type": "municipal_staff",
        "organisation": "山形県飯豊町 総務企画課",
        "party_size": 4,
        "preferred_days": list(days),
        "purpose": "kintoneによる庁内アンケートの運用を拝見したい",
        "questions": "アプリの管理者は何人ですか。",
        "contact_name": "佐藤 健太",
        "contact_email": "sato@town.iide.yamagata.jp",
        "contact_phone": "0238-72-0000",
    }
    values.update(overrides)
    return services.VisitDetails(**values)


def take_place(visit: VisitRequest, *, days_ago: int = 7) -> None:
    """Time passes: the confirmed visit is now in the past."""
    shift = datetime.timedelta(days=(visit.visit_day - timezone.localdate()).days + days_ago)
    VisitRequest.objects.filter(pk=visit.pk).update(
        starts_at=visit.starts_at - shift, ends_at=visit.ends_at - shift
    )
    visit.refresh_from_db()


@pytest.fixture
def request_factory(db):
    """``request_factory(offer, requester, status=...)``: a request brought to
    ``status`` through the services, by the offer's publisher as host."""

    def make(offer, requester, *, status=Status.REQUESTED, **overrides) -> VisitRequest:
        visit = services.request_visit(
            offer, requester=requester, details=details(offer, **overrides), consent=True
        )
        host = offer.created_by
        if status == Status.SCHEDULING:
            days = next_free_days(offer, count=5)[3:5]
            services.propose_dates(visit, days, actor=host, expected_version=visit.version)
        if status in (Status.CONFIRMED, Status.DONE):
            services.confirm_visit(
                visit,
                visit.preferred_days[0],
                actor=host,
                expected_version=visit.version,
                agenda="10:00 概要説明\n10:30 アプリ実演\n11:00 質疑応答",
            )
        if status == Status.DONE:
            take_place(visit)
            services.mark_done(visit, actor=host, expected_version=visit.version)
        if status == Status.DECLINED:
            services.decline(
                visit, actor=host, expected_version=visit.version, reason="議会対応のため"
            )
        if status == Status.CANCELLED:
            services.cancel(
                visit, actor=requester, expected_version=visit.version, reason="出張中止"
            )
        visit.refresh_from_db()
        return visit

    return make


@pytest.fixture
def visit(request_factory, kintone_offer, other_town_staff):
    """飯豊町's request to 下妻市, just sent."""
    return request_factory(kintone_offer, other_town_staff)


@pytest.fixture
def warm_caches(client):
    """Content types and the synonym map load once per process; count queries after that."""

    def warm(*urls):
        from django.contrib.contenttypes.models import ContentType

        from community.search.synonyms import synonym_map

        ContentType.objects.clear_cache()
        for model in (VisitRequest, VisitOffer):
            ContentType.objects.get_for_model(model)
        synonym_map()
        for url in urls:
            client.get(url)

    return warm


from tests.cases.conftest import case_study_factory, index_page  # noqa: E402, F401 - fixtures
