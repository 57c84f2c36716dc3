"""The signed-in home page: a dashboard of the member's municipality (their own when
they are verified staff, the one on their profile otherwise).

What waits for me (visit requests to answer and dates to confirm as host, unanswered
questions in the tags I follow, moderation work for moderators, a verification about
to expire), what towns like mine published lately, my municipality's published work
and who adopted it, my municipality's adoptions and whether their outcome is
recorded, my recent notifications. A fixed number of queries whatever the data
(tests/home/test_dashboard.py); never shared with other members.

Each block is cached on its own (``yokoten/cache_policy.py``: ``fetch_many``, one
round trip for them all), under the tags of the data it shows: what towns like mine
published (``home``: every knowledge page published) and my municipality's work and
adoptions (``municipality:<code>``) are shared by everyone who sees that
municipality; the requests to host (``hosting:<id>``) by its staff; what waits in
the forum (``list:forum``, ``follows:<member>``), my notifications (``member:<id>``)
and my events (``list:events``, ``rsvps:<member>``) are mine. What is new since my
last visit is keyed on its start too. So a visit with nothing new reads the cache
and runs no query of its own; a write shows on the next visit (tests/home/test_dashboard_cache.py).

The whole page is kept for the member too (``keep_for_member``, yokoten/member_cache.py),
filed under the tags of every block, until the clock alone would change it
(``changes_at``: the visit ends, the verification warning is due): a view with
nothing new renders nothing."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Page

from casestudies.adoption.models import Adoption
from casestudies.apptemplates.models import AppTemplatePage
from casestudies.cases.models import CaseStudyPage
from casestudies.curricula.models import CurriculumPage
from casestudies.impact.stats import private_pages
from community.accounts.news import news_since, visit_ends_at
from community.accounts.permissions import is_verified_staff, may_moderate
from community.forum.caching import FORUM_LIST, follows_tag
from community.forum.models import Answer, Flag, Follow
from community.forum.permissions import filter_visible_questions
from community.municipalities.peers import POOL as PEER_POOL
from community.municipalities.peers import peers_of
from community.notifications.models import Notification
from community.visits.caching import hosting_tag
from community.visits.models import VisitRequest
from community.visits.states import Status
from yokoten import cache_policy
from yokoten.member_cache import member_tag

from .front import _index_urls

EXPIRY_WARNING = datetime.timedelta(days=30)
SHOWN = 5
PEERS_NAMED = 8
KNOWLEDGE_MODELS = (CaseStudyPage, AppTemplatePage, CurriculumPage)
TIMEOUT = 600  # as long as a cached page (YOKOTEN_PAGE_CACHE_SECONDS)


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
    changes_at: datetime.datetime | None = None  # what the clock alone would change


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


def _similar(index_urls: dict[str, str], municipality) -> dict[str, str]:
    """Each list (``index_urls``: front.py) narrowed to towns like ``municipality``."""
    urls = {name: url for name, url in index_urls.items() if url}
    urls["questions"] = reverse("forum:question_list")
    return {name: f"{url}?similar_to={municipality.code}" for name, url in urls.items()}


def _ours(municipality) -> tuple[list, list]:
    """My municipality's latest pages with who adopted each, and its adoptions."""
    our_pages = _latest_pages(Q(municipality=municipality), SHOWN)
    adopters = {}
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
    return our_pages, our_adoptions


def _peer_pages(municipality) -> tuple[list, list, object | None]:
    """Towns like mine, what they published lately (or, while none has, towns of the
    same size), and that size when the pages are from it."""
    peers = peers_of(municipality, limit=PEER_POOL)
    pages, same_band = [], None
    if peers:
        pages = _latest_pages(Q(municipality__in=[peer.pk for peer in peers]), SHOWN)
    if not pages and (band := municipality.population_band):
        # None of the nearest towns has published yet: towns of the same size have.
        pages = _latest_pages(band.q("municipality__") & ~Q(municipality=municipality), SHOWN)
        same_band = band if pages else None
    return peers, pages, same_band


def _new_peer_pages(peers, since) -> int:
    if not peers:
        return 0
    peer_ids = [peer.pk for peer in peers]
    return (
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


def _forum(user, since) -> tuple[list, int, int]:
    """Unanswered questions in the tags I follow; new answers to the questions I
    follow and new questions in those tags since ``since`` (one query each)."""
    visible = filter_visible_questions(user)
    followed_tags = Follow.objects.filter(member=user, tag__isnull=False).values("tag_id")
    unanswered = list(
        visible.unanswered()
        .filter(tagged_items__tag_id__in=followed_tags)
        .exclude(author=user)
        .distinct()
        .newest()[:SHOWN]
    )
    followed = Follow.objects.filter(member=user, question__isnull=False).values("question_id")
    answers = (
        Answer.objects.filter(
            question__in=visible.filter(pk__in=followed),
            created_at__gt=since,
            hidden_at__isnull=True,
        )
        .exclude(author=user)
        .count()
    )
    questions = (
        visible.filter(created_at__gt=since, tagged_items__tag_id__in=followed_tags)
        .exclude(author=user)
        .values("pk")
        .distinct()
        .count()
    )
    return unanswered, answers, questions


def _hosting(municipality, since) -> tuple[list, list, int]:
    """Requests to visit my municipality to answer, dates to confirm, and how many
    requests came since ``since``."""
    to_answer, to_confirm = [], []
    hosted = (
        VisitRequest.objects.hosted_by(municipality)
        .filter(status__in=[Status.REQUESTED, Status.SCHEDULING])
        .select_related("offer", "visitor_municipality")
        .order_by("created_at", "pk")
    )
    for visit in hosted[: SHOWN * 2]:
        (to_answer if visit.status == Status.REQUESTED else to_confirm).append(visit)
    new = VisitRequest.objects.hosted_by(municipality).filter(created_at__gt=since).count()
    return to_answer, to_confirm, new


def _notifications(user) -> list:
    return list(
        Notification.objects.filter(recipient=user)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:SHOWN]
    )


def _changes_at(user, staff: bool) -> datetime.datetime | None:
    """When the dashboard changes with nothing written: the visit ends (the next view
    starts a new one), the verification's warning is due or the verification ends."""
    moments = [visit_ends_at(user)]
    if staff and user.staff_until:
        warning = user.staff_until - EXPIRY_WARNING
        moments.append(warning if warning > timezone.now() else user.staff_until)
    return min((moment for moment in moments if moment), default=None)


def dashboard(request) -> Dashboard:
    user = request.user
    staff = is_verified_staff(user)
    moderator = may_moderate(user)
    municipality = user.staff_municipality if staff else user.municipality
    since = news_since(user)
    moment = f"{since.timestamp():.6f}"
    blocks = {
        f"dash:forum:{user.pk}:{moment}": (
            (FORUM_LIST, follows_tag(user.pk), member_tag(user.pk)),
            lambda: _forum(user, since),
        ),
        f"dash:notifications:{user.pk}": (
            (member_tag(user.pk),),
            lambda: _notifications(user),
        ),
    }
    if municipality:
        place = f"municipality:{municipality.code}"
        blocks |= {
            f"dash:ours:{municipality.pk}": ((place,), lambda: _ours(municipality)),
            f"dash:peers:{municipality.pk}": (("home",), lambda: _peer_pages(municipality)),
            f"dash:new-peer-pages:{municipality.pk}:{moment}": (
                ("home",),
                lambda: _new_peer_pages(peers_of(municipality, limit=PEER_POOL), since),
            ),
            f"dash:similar:{get_language()}": ((cache_policy.ANY,), lambda: _index_urls(request)),
        }
    if staff and municipality:
        blocks[f"dash:hosting:{municipality.pk}:{moment}"] = (
            (hosting_tag(municipality.pk), place),
            lambda: _hosting(municipality, since),
        )
    found = cache_policy.fetch_many(blocks, timeout=TIMEOUT)
    cache_policy.shows(request, *{tag for tags, _compute in blocks.values() for tag in tags})
    unanswered, new_answers, new_questions = found[f"dash:forum:{user.pk}:{moment}"]
    news = News(since=since, answers=new_answers, questions=new_questions)
    waiting = Waiting(unanswered_questions=unanswered)
    peers, peer_pages, same_band, our_pages, our_adoptions, similar = [], [], None, [], [], {}
    if municipality:
        our_pages, our_adoptions = found[f"dash:ours:{municipality.pk}"]
        peers, peer_pages, same_band = found[f"dash:peers:{municipality.pk}"]
        if peers:
            news.peer_pages = found[f"dash:new-peer-pages:{municipality.pk}:{moment}"]
            similar = _similar(found[f"dash:similar:{get_language()}"], municipality)
    for page in peer_pages:
        page.is_new = page.first_published_at > since and not same_band
    if staff and municipality:
        waiting.requests_to_answer, waiting.dates_to_confirm, news.visit_requests = found[
            f"dash:hosting:{municipality.pk}:{moment}"
        ]
        if user.staff_until and user.staff_until - timezone.now() < EXPIRY_WARNING:
            waiting.verification_expires = user.staff_until
    if moderator:  # moderators only: not cached
        waiting.open_flags = (
            Flag.objects.filter(resolved_at__isnull=True).values("question_id").distinct().count()
        )
    return Dashboard(
        municipality=municipality,
        is_staff=staff,
        is_moderator=moderator,
        waiting=waiting,
        peers=peers[:PEERS_NAMED],
        peer_pages=peer_pages,
        same_band=same_band,
        our_pages=our_pages,
        our_adoptions=our_adoptions,
        notifications=found[f"dash:notifications:{user.pk}"],
        news=news,
        similar_urls=similar,
        changes_at=_changes_at(user, staff),
    )
