"""The signed-in home page: a dashboard of the member's municipality (their own when
they are verified staff, the one on their profile otherwise).

What waits for me (visit requests to answer and dates to confirm as host, unanswered
questions in the tags I follow, moderation work for moderators, a verification about
to expire), what towns like mine published lately, my municipality's published work
and who adopted it, my municipality's adoptions and whether their outcome is
recorded, my recent notifications. A fixed number of queries whatever the data
(tests/home/test_dashboard.py); never shared with other members."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from casestudies.adoption.models import Adoption
from casestudies.apptemplates.models import AppTemplatePage
from casestudies.cases.models import CaseStudyPage
from casestudies.curricula.models import CurriculumPage
from casestudies.impact.stats import private_pages
from community.accounts.news import news_since
from community.accounts.permissions import is_verified_staff, may_moderate
from community.forum.models import Answer, Flag, Follow
from community.forum.permissions import filter_visible_questions
from community.municipalities.peers import POOL as PEER_POOL
from community.municipalities.peers import peers_of
from community.notifications.models import Notification
from community.visits.models import VisitRequest
from community.visits.states import Status

EXPIRY_WARNING = datetime.timedelta(days=30)
SHOWN = 5
PEERS_NAMED = 8
KNOWLEDGE_MODELS = (CaseStudyPage, AppTemplatePage, CurriculumPage)


@dataclass
class Waiting:
    requests_to_answer: list = field(default_factory=list)
    dates_to_confirm: list = field(default_factory=list)
    unanswered_questions: list = field(default_factory=list)
    open_flags: int = 0
    verification_expires: datetime.datetime | None = None

    def __bool__(self) -> bool:
        return bool(
            self.requests_to_answer
            or self.dates_to_confirm
            or self.unanswered_questions
            or self.open_flags
            or self.verification_expires
        )


@dataclass
class News:
    """What came since the member's last visit (``since``)."""

    since: datetime.datetime
    peer_pages: int = 0  # published by towns like mine
    answers: int = 0  # to the questions I follow
    questions: int = 0  # in the tags I follow
    visit_requests: int = 0  # to my municipality, as host

    @property
    def total(self) -> int:
        return self.peer_pages + self.answers + self.questions + self.visit_requests


@dataclass
class Dashboard:
    municipality: object | None
    is_staff: bool
    is_moderator: bool
    waiting: Waiting
    peers: list
    peer_pages: list
    same_band: object | None  # the pages are from towns of this size, not the peers
    our_pages: list
    our_adoptions: list
    notifications: list
    news: News | None = None
    similar_urls: dict = field(default_factory=dict)  # the lists' similar_to links


def _live(model):
    return model.objects.live().exclude(private_pages())


def _latest_pages(condition: Q, limit: int) -> list:
    """The newest live case studies, templates and curricula whose municipality meets
    ``condition``, newest first (one query per kind)."""
    pages = []
    for model in KNOWLEDGE_MODELS:
        pages += list(
            _live(model)
            .filter(condition)
            .select_related("municipality")
            .order_by("-first_published_at", "-pk")[:limit]
        )
    pages.sort(key=lambda page: (page.first_published_at, page.pk), reverse=True)
    return pages[:limit]


def _similar_urls(request, municipality) -> dict[str, str]:
    """Each list narrowed to towns like ``municipality`` (one query for the lists' URLs)."""
    from .front import _index_urls

    urls = {name: url for name, url in _index_urls(request).items() if url}
    urls["questions"] = reverse("forum:question_list")
    return {name: f"{url}?similar_to={municipality.code}" for name, url in urls.items()}


def _news(user, municipality, peers, *, staff: bool) -> News:
    """Counts of what came since the last visit: one query each."""
    news = News(since=news_since(user))
    since = news.since
    if peers:
        peer_ids = [peer.pk for peer in peers]
        news.peer_pages = (
            Page.objects.live()
            .exclude(private_pages())
            .filter(first_published_at__gt=since)
            .filter(
                Q(casestudypage__municipality__in=peer_ids)
                | Q(apptemplatepage__municipality__in=peer_ids)
                | Q(curriculumpage__municipality__in=peer_ids)
            )
            .count()
        )
    followed = Follow.objects.filter(member=user, question__isnull=False).values("question_id")
    news.answers = (
        Answer.objects.filter(
            question__in=filter_visible_questions(user).filter(pk__in=followed),
            created_at__gt=since,
            hidden_at__isnull=True,
        )
        .exclude(author=user)
        .count()
    )
    followed_tags = Follow.objects.filter(member=user, tag__isnull=False).values("tag_id")
    news.questions = (
        filter_visible_questions(user)
        .filter(created_at__gt=since, tagged_items__tag_id__in=followed_tags)
        .exclude(author=user)
        .values("pk")
        .distinct()
        .count()
    )
    if staff:
        news.visit_requests = (
            VisitRequest.objects.hosted_by(municipality).filter(created_at__gt=since).count()
        )
    return news


def _waiting(user, municipality, *, staff: bool, moderator: bool) -> Waiting:
    waiting = Waiting()
    if staff:
        hosted = (
            VisitRequest.objects.hosted_by(municipality)
            .filter(status__in=[Status.REQUESTED, Status.SCHEDULING])
            .select_related("offer", "visitor_municipality")
            .order_by("created_at", "pk")
        )
        for visit in hosted[: SHOWN * 2]:
            if visit.status == Status.REQUESTED:
                waiting.requests_to_answer.append(visit)
            else:
                waiting.dates_to_confirm.append(visit)
        if user.staff_until and user.staff_until - timezone.now() < EXPIRY_WARNING:
            waiting.verification_expires = user.staff_until
    followed_tags = Follow.objects.filter(member=user, tag__isnull=False).values("tag_id")
    waiting.unanswered_questions = list(
        filter_visible_questions(user)
        .unanswered()
        .filter(tagged_items__tag_id__in=followed_tags)
        .exclude(author=user)
        .distinct()
        .newest()[:SHOWN]
    )
    if moderator:
        waiting.open_flags = (
            Flag.objects.filter(resolved_at__isnull=True).values("question_id").distinct().count()
        )
    return waiting


def dashboard(request) -> Dashboard:
    user = request.user
    staff = is_verified_staff(user)
    moderator = may_moderate(user)
    municipality = user.staff_municipality if staff else user.municipality
    peers = peers_of(municipality, limit=PEER_POOL) if municipality else []
    our_pages, adopters, our_adoptions = [], {}, []
    if municipality:
        our_pages = _latest_pages(Q(municipality=municipality), SHOWN)
        for adoption in (
            Adoption.objects.filter(page_id__in=[page.pk for page in our_pages])
            .select_related("municipality")
            .order_by("-adopted_on", "-pk")
        ):
            adopters.setdefault(adoption.page_id, []).append(adoption.municipality)
        for page in our_pages:
            page.adopters = adopters.get(page.pk, [])
        our_adoptions = list(
            Adoption.objects.filter(municipality=municipality)
            .select_related("page")
            .order_by("-adopted_on", "-pk")[:SHOWN]
        )
    peer_pages, same_band = [], None
    if peers:
        peer_pages = _latest_pages(Q(municipality__in=[peer.pk for peer in peers]), SHOWN)
    news = _news(user, municipality, peers, staff=staff)
    for page in peer_pages:
        page.is_new = page.first_published_at > news.since
    if municipality and not peer_pages and (same_band := municipality.population_band):
        # None of the nearest towns has published yet: towns of the same size have.
        peer_pages = _latest_pages(
            same_band.q("municipality__") & ~Q(municipality=municipality), SHOWN
        )
    return Dashboard(
        municipality=municipality,
        is_staff=staff,
        is_moderator=moderator,
        waiting=_waiting(user, municipality, staff=staff, moderator=moderator),
        peers=peers[:PEERS_NAMED],
        peer_pages=peer_pages,
        same_band=same_band if peer_pages and same_band else None,
        our_pages=our_pages,
        our_adoptions=our_adoptions,
        notifications=list(
            Notification.objects.filter(recipient=user)
            .select_related("actor")
            .order_by("-created_at", "-pk")[:SHOWN]
        ),
        news=news,
        similar_urls=_similar_urls(request, municipality) if peers else {},
    )
