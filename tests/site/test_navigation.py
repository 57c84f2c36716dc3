"""Every page a member reaches from a notification or an email is also reachable from
the site's own navigation, in a few clicks from the home page; every link on the way
answers 200; an anonymous visitor reaches a ¥0 case of a town under 10,000 people in
two clicks. Walked as a reader would, following the links the pages show."""

import html as htmllib
import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from wagtail.models import Page

from community.forum import services as forum
from tests.conftest import activate_totp
from tests.visits.conftest import make_offer

pytestmark = pytest.mark.django_db

# Not pages a reader walks through: files, feeds, the API, the other language, the
# CMS and Django's admin (the CMS is reached, not walked), and links that act.
NOT_WALKED = (
    "/static/",
    "/media/",
    "/documents/",
    "/api/",
    "/i18n/",
    "/en/",
    "/cms/",
    "/django-admin/",
    "/accounts/logout/",
)
NOT_WALKED_PARTS = ("/feed", "/export", ".csv", ".json", ".xml", ".ics", "/download")
LINK = re.compile(r'<a\s[^>]*href="(/[^"#]*)')
MAX_CLICKS = 3
# Beyond the home page's own links, a page is walked with at most this many query
# strings (a list's filters, facets and pages are one view: a few of them are enough
# to find their links and their status; every one of them made the walk take minutes).
VARIANTS_WALKED = 3


def walk(client, *, clicks=MAX_CLICKS) -> tuple[dict[str, int], dict[str, int]]:
    """(the fewest clicks from the home page to each URL seen, the status of each
    page walked that did not answer 200)."""
    seen = {"/": 0}
    broken = {}
    variants: dict[str, int] = {}
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        response = client.get(url, follow=True)
        if response.status_code != 200:
            broken[url] = response.status_code
            continue
        if seen[url] == clicks or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in LINK.findall(response.content.decode()):
            target = htmllib.unescape(href)
            if target in seen:
                continue
            seen[target] = seen[url] + 1
            path = urlsplit(target).path
            if path.startswith(NOT_WALKED) or any(p in path for p in NOT_WALKED_PARTS):
                continue
            if seen[url] >= 1 and urlsplit(target).query:
                variants[path] = variants.get(path, 0) + 1
                if variants[path] > VARIANTS_WALKED:
                    continue
            queue.append(target)
    return seen, broken


def clicks_to(seen: dict[str, int], url: str) -> int | None:
    """The fewest clicks to ``url`` (its path; any query string)."""
    path = urlsplit(url).path
    found = [n for target, n in seen.items() if urlsplit(target).path == path]
    return min(found) if found else None


def test_an_anonymous_visitor_reaches_a_zero_yen_case_of_a_small_town_in_two_clicks(
    client, case_study_factory, template_factory, curriculum_factory
):
    small_zero = case_study_factory("064033", title="飯豊町の0円事例", budget=0)  # 6,203 people
    case_study_factory("082104", title="下妻市の有償事例", budget=300_000)
    template_factory("082104", tools=["kintone"])
    curriculum_factory("082104")
    seen, broken = walk(client, clicks=2)
    assert not broken, broken
    assert clicks_to(seen, small_zero.url) <= 2


def test_what_a_members_notifications_link_to_is_reachable_from_the_navigation(
    client_for,
    shimotsuma_staff,
    other_town_staff,
    request_factory,
    question_factory,
    case_study_factory,
):
    # 飯豊町 asks 下妻市 for a visit: the host is told, and then the requester.
    offer = make_offer(shimotsuma_staff, title="kintoneの庁内展開")
    visit = request_factory(offer, other_town_staff)
    # 下妻市's question gets an answer from 飯豊町: the asker is told.
    asked = question_factory(shimotsuma_staff, title="kintoneの権限設定")
    forum.post_answer(asked, author=other_town_staff, body="グループ単位で設定しています。")
    # 下妻市's draft case study, sent for review: the CMS tells the author of the outcome.
    draft = case_study_factory("082104", title="下妻市の下書き", live=False, owner=shimotsuma_staff)
    draft.save_revision(user=shimotsuma_staff, log_action=True)

    activate_totp(shimotsuma_staff)  # the CMS asks for the second factor
    host = client_for(shimotsuma_staff)
    seen, broken = walk(host)
    assert not broken, broken
    assert clicks_to(seen, visit.get_absolute_url()) is not None, "the visit, as host"
    assert clicks_to(seen, asked.get_absolute_url()) is not None, "my question"
    assert clicks_to(seen, "/cms/") is not None, "my drafts in the CMS"
    cms = host.get("/cms/", follow=True).content.decode()
    assert f'href="/cms/pages/{draft.pk}/edit/"' in cms

    requester = client_for(other_town_staff)
    seen, broken = walk(requester)
    assert not broken, broken
    assert clicks_to(seen, visit.get_absolute_url()) is not None, "the visit, as requester"
    assert Page.objects.filter(pk=draft.pk, live=False).exists()


def test_my_account_links_what_is_mine_and_only_what_i_may_use(client, client_for, member):
    page = client_for(member).get("/members/me/").content.decode()
    assert 'href="/visits/mine/"' in page and 'href="/forum/following/"' in page
    assert 'href="/visits/mine/?as=host"' not in page  # not verified staff: hosts nothing
    assert 'href="/cms/"' not in page  # no CMS access
    assert client.get("/members/me/").status_code == 302  # anonymous: to the log-in
