"""Every list's default order is stable: paging through it, as an anonymous visitor
with the page cache on (and as a member, through the pages shared with members),
shows every published item exactly once, in the order its label says (新しい順 for
knowledge, questions and visit offers; 団体コード順 for municipalities). On a fresh site, with items that share a timestamp (the tie is
broken on pk), and again after a publish through the moderators' workflow, an
unpublish and an edit."""

import datetime
import html
import re

import pytest
from django.utils import timezone
from wagtail.models import Page

from casestudies.apptemplates.models import AppTemplatePage
from casestudies.cases.models import CaseStudyPage
from casestudies.curricula.models import CurriculumPage
from community.forum import services as forum_services
from community.forum.models import Question
from community.municipalities.models import Municipality
from community.visits import services as visit_services
from community.visits.models import VisitOffer
from tests.visits.conftest import make_offer
from yokoten import cache_policy
from yokoten.pagination import paginate

pytestmark = pytest.mark.django_db

PER_PAGE = 4  # small pages: a dozen items make three of them
ITEMS = 10
SAME_MOMENT = timezone.make_aware(datetime.datetime(2024, 4, 1, 9, 0))
PAGINATING_MODULES = [
    "yokoten.pagination",  # lazy_paginate's (the knowledge lists)
    "community.forum.views.questions",
    "community.visits.views.offers",
    "community.municipalities.views",
]


@pytest.fixture(autouse=True)
def small_pages_cached(settings, monkeypatch):
    settings.YOKOTEN_PAGE_CACHE = True

    def paginate_small(request, object_list, per_page=None, **kwargs):
        return paginate(request, object_list, per_page=PER_PAGE, **kwargs)

    for module in PAGINATING_MODULES:
        monkeypatch.setattr(f"{module}.paginate", paginate_small)


def page_through(client, url: str, pattern: str) -> list[str]:
    """What ``pattern`` finds in each page of the list, following its 次へ link to the end."""
    seen, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        seen += list(dict.fromkeys(re.findall(pattern, body)))  # in page order, once per page
        following = re.search(r'<a href="([^"]+)" rel="next">', body)
        url = html.unescape(url.split("?")[0] + following.group(1)) if following else ""
        pages += 1
        assert pages < 50, "the pages never end"
    return seen


def assert_each_once_in_order(seen: list[str], expected: list[str]) -> None:
    assert len(seen) == len(set(seen)), (
        f"shown twice: {sorted(x for x in seen if seen.count(x) > 1)}"
    )
    assert seen == expected


# -- knowledge lists: case studies, app templates, curricula ---------------------------

KNOWLEDGE = {
    "case studies": ("/casestudies/", CaseStudyPage, "case_study_factory"),
    "app templates": ("/app-templates/", AppTemplatePage, "template_factory"),
    "curricula": ("/curricula/", CurriculumPage, "curriculum_factory"),
}


def newest_first(model) -> list[str]:
    pages = model.objects.live().order_by("-first_published_at", "-pk")
    return [page.title for page in pages]


def publish_through_the_workflow(page, *, author, moderator_client) -> None:
    """Submitted for moderation, then approved by a moderator in the CMS."""
    page = Page.objects.get(pk=page.pk).specific
    page.save_revision(user=author)
    task_state = page.get_workflow().start(page, author).current_task_state
    response = moderator_client.post(
        f"/cms/pages/workflow/action/{page.pk}/approve/{task_state.pk}/",
        {"comment": "確認しました。"},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live


@pytest.mark.parametrize("name", KNOWLEDGE)
def test_paging_through_a_knowledge_list_shows_every_item_once_before_and_after_changes(
    request,
    client,
    client_for,
    name,
    shimotsuma_staff,
    moderator,
    django_capture_on_commit_callbacks,
):
    url, model, factory_name = KNOWLEDGE[name]
    factory = request.getfixturevalue(factory_name)
    pattern = r">(一覧の確認 \d+(?:（改訂）)?)<"
    pages = [factory(title=f"一覧の確認 {number:02}") for number in range(ITEMS)]
    # Half of them published at the same moment: only the tie-breaker orders them.
    model.objects.filter(pk__in=[page.pk for page in pages[:6]]).update(
        first_published_at=SAME_MOMENT
    )
    cache_policy.retire_everything()
    # A visitor (the anonymous page cache) and a member (pages shared with members).
    readers = [client, client_for(shimotsuma_staff)]
    for reader in readers:
        assert_each_once_in_order(page_through(reader, url, pattern), newest_first(model))

    draft = factory(title="一覧の確認 99", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        publish_through_the_workflow(
            draft, author=shimotsuma_staff, moderator_client=client_for(moderator)
        )
        Page.objects.get(pk=pages[3].pk).specific.unpublish()
        edited = Page.objects.get(pk=pages[1].pk).specific
        edited.title = "一覧の確認 01（改訂）"
        edited.save_revision().publish()

    for reader in readers:
        after = page_through(reader, url, pattern)
        assert after[0] == "一覧の確認 99"
        assert "一覧の確認 03" not in after and "一覧の確認 01（改訂）" in after
        assert_each_once_in_order(after, newest_first(model))


# -- questions, visit offers, municipalities -------------------------------------------


def test_paging_through_the_questions_shows_every_question_once_before_and_after_changes(
    client, question_factory, other_town_staff, moderator
):
    questions = [
        question_factory(other_town_staff, title=f"質問の確認 {n:02}") for n in range(ITEMS)
    ]
    Question.objects.filter(pk__in=[q.pk for q in questions[:6]]).update(created_at=SAME_MOMENT)
    cache_policy.retire_everything()
    pattern = r">(質問の確認 \d+(?:（改訂）)?)<"

    def newest():
        return [q.title for q in Question.objects.not_hidden().newest()]

    assert_each_once_in_order(page_through(client, "/forum/", pattern), newest())

    question_factory(other_town_staff, title="質問の確認 99")
    forum_services.hide_post(questions[3], actor=moderator, reason="重複")
    forum_services.edit_question(
        questions[1], editor=other_town_staff, title="質問の確認 01（改訂）",
        body=questions[1].body, tags=["kintone"],
    )  # fmt: skip
    after = page_through(client, "/forum/", pattern)
    assert after[0] == "質問の確認 99" and "質問の確認 03" not in after
    assert_each_once_in_order(after, newest())


def test_paging_through_the_visit_offers_shows_every_offer_once_before_and_after_changes(
    client, shimotsuma_staff
):
    offers = [make_offer(shimotsuma_staff, title=f"視察の確認 {n:02}") for n in range(ITEMS)]
    VisitOffer.objects.filter(pk__in=[o.pk for o in offers[:6]]).update(published_at=SAME_MOMENT)
    cache_policy.retire_everything()
    pattern = r">(視察の確認 \d+(?:（改訂）)?)<"

    def newest():
        return [o.title for o in VisitOffer.objects.published().order_by("-published_at", "-pk")]

    assert_each_once_in_order(page_through(client, "/visits/", pattern), newest())

    make_offer(shimotsuma_staff, title="視察の確認 99")
    visit_services.withdraw_offer(offers[3], actor=shimotsuma_staff)
    edited = VisitOffer.objects.get(pk=offers[1].pk)
    edited.title = "視察の確認 01（改訂）"
    visit_services.publish_offer(edited, actor=shimotsuma_staff)
    after = page_through(client, "/visits/", pattern)
    assert after[0] == "視察の確認 99" and "視察の確認 03" not in after
    assert_each_once_in_order(after, newest())


def test_paging_through_the_municipalities_of_a_prefecture_shows_each_once_by_code(client):
    seen = page_through(
        client, "/municipalities/?prefecture=08", r'href="/municipalities/(08\d{4})/"'
    )
    expected = list(
        Municipality.objects.filter(prefecture__code="08")
        .order_by("code")
        .values_list("code", flat=True)
    )
    assert len(expected) == 45  # 茨城県 itself (080004), 32 cities, 10 towns, 2 villages
    assert_each_once_in_order(seen, expected)
