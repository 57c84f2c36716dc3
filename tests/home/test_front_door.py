"""The anonymous home page: a search box, entry points for the commonest needs, the
latest case studies, the most adopted templates by adopter size, open questions,
visit offers and headline numbers, all from real data in a fixed number of queries."""

import datetime
import html as html_lib
import re

import pytest
from django.utils import timezone

from casestudies.adoption.services import adopt
from community.municipalities.models import Municipality
from community.visits.states import Status
from tests.visits.conftest import make_offer

pytestmark = pytest.mark.django_db

HOME = "/"
IIDE, SHIMOTSUMA = "064033", "082104"  # 飯豊町 (about 6,200 people), 下妻市 (42,071)


def links(html: str) -> dict[str, str]:
    """Link text → href of every link on the page."""
    return {
        re.sub(r"<[^>]+>", "", text).strip(): html_lib.unescape(href)
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    }


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_an_anonymous_visitor_reaches_a_zero_yen_case_of_a_small_town_in_two_clicks(
    client, case_study_factory
):
    case_study_factory(SHIMOTSUMA, title="下妻市の0円事例", budget=0)
    case_study_factory(IIDE, title="飯豊町の有料事例", budget=300_000)
    small_free = case_study_factory(IIDE, title="飯豊町の0円事例", budget=0)

    home = client.get(HOME).content.decode()
    entry = links(home)["人口1万人未満の町村の0円事例"]
    listing = client.get(entry).content.decode()  # click 1
    assert "飯豊町の0円事例" in listing
    assert "下妻市の0円事例" not in listing and "飯豊町の有料事例" not in listing
    case_url = links(listing)["飯豊町の0円事例"]
    assert client.get(case_url).status_code == 200  # click 2
    assert case_url == small_free.url


def test_entry_points_lead_to_the_lists_they_name_with_their_counts(
    client, case_study_factory, template_factory
):
    case_study_factory(SHIMOTSUMA, budget=0)
    case_study_factory(IIDE, budget=0)
    case_study_factory(IIDE, budget=50_000)
    template_factory(tools=["kintone"])
    template_factory(tools=["LoGoフォーム"])
    template_factory(tools=["LoGoフォーム"])

    html = client.get(HOME).content.decode()
    found = links(html)
    assert found["予算0円の事例"] == "/casestudies/?budget_band=zero"
    assert found["人口1万人未満の町村の事例"] == "/casestudies/?population_max=10000"
    assert found["kintoneのテンプレート"] == "/app-templates/?tool=kintone"
    assert found["LoGoフォームのテンプレート"] == "/app-templates/?tool=logoform"
    assert "研修カリキュラム" in found
    entries = section(html, "home-entry-heading")
    assert re.search(r"予算0円の事例</a>\s*<small>2件</small>", entries)
    assert re.search(r"人口1万人未満の町村の事例</a>\s*<small>2件</small>", entries)
    assert re.search(r"LoGoフォームのテンプレート</a>\s*<small>2件</small>", entries)
    for text in ["予算0円の事例", "人口1万人未満の町村の事例", "kintoneのテンプレート"]:
        assert client.get(found[text]).status_code == 200


def test_latest_case_studies_are_the_newest_published_ones(client, case_study_factory):
    case_study_factory(title="古い事例")
    for number in range(6):
        case_study_factory(title=f"新しい事例{number}")
    case_study_factory(title="下書きの事例", live=False)

    latest = section(client.get(HOME).content.decode(), "home-latest-heading")
    assert [f"新しい事例{n}" in latest for n in range(6)] == [True] * 6
    assert latest.index("新しい事例5") < latest.index("新しい事例0")
    assert "古い事例" not in latest and "下書きの事例" not in latest


def test_most_adopted_templates_show_adoptions_by_the_size_of_the_adopters(
    client, template_factory, other_town_staff, shimotsuma_staff
):
    popular = template_factory(title="人気のテンプレート")
    template_factory(title="まだ誰も使っていないテンプレート")
    day = datetime.date(2024, 6, 1)
    for code in ["064033", "082104", "082015"]:  # 飯豊町, 下妻市, 水戸市 (about 270,000)
        adopt(popular, Municipality.objects.get(code=code), actor=other_town_staff, adopted_on=day)

    table = section(client.get(HOME).content.decode(), "home-templates-heading")
    row = table[table.index("人気のテンプレート") :]
    cells = re.findall(r'<td class="number">([^<]*)</td>', row)[:4]
    assert cells == ["3", "1", "1", "1"]  # all, under 10,000, 10,000–50,000, 50,000 or more
    assert "まだ誰も使っていないテンプレート" not in table


def test_open_questions_leave_out_solved_ones_and_staff_only_boards(
    client, question_factory, staff_board, other_town_staff, shimotsuma_staff
):
    question_factory(other_town_staff, title="答えを待っている質問")
    question_factory(
        other_town_staff, title="解決した質問", answered_by=shimotsuma_staff, solved=True
    )
    question_factory(other_town_staff, title="職員限定の質問", board=staff_board)

    questions = section(client.get(HOME).content.decode(), "home-questions-heading")
    assert "答えを待っている質問" in questions
    assert "解決した質問" not in questions
    assert "職員限定の質問" not in questions


def test_visit_offers_still_accepting_are_listed_and_past_ones_are_not(
    client, shimotsuma_staff, other_town_staff
):
    make_offer(shimotsuma_staff, title="受付中の視察")
    make_offer(
        other_town_staff,
        title="受付を終えた視察",
        accepted_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    make_offer(other_town_staff, title="取り下げた視察", published=False)

    openings = section(client.get(HOME).content.decode(), "home-visits-heading")
    assert "受付中の視察" in openings
    assert "受付を終えた視察" not in openings and "取り下げた視察" not in openings


def test_headline_numbers_count_published_work_adoptions_and_visits_held(
    client,
    case_study_factory,
    template_factory,
    curriculum_factory,
    request_factory,
    shimotsuma_staff,
    other_town_staff,
):
    case = case_study_factory(SHIMOTSUMA)
    case_study_factory(IIDE)
    case_study_factory("082015", live=False)  # a draft shares nothing yet
    template_factory("082201")  # つくば市
    curriculum_factory(SHIMOTSUMA)
    adopt(
        case,
        Municipality.objects.get(code=IIDE),
        actor=other_town_staff,
        adopted_on=datetime.date(2024, 6, 1),
    )
    offer = make_offer(shimotsuma_staff)
    request_factory(offer, other_town_staff, status=Status.DONE)
    request_factory(offer, other_town_staff, status=Status.REQUESTED)

    numbers = section(client.get(HOME).content.decode(), "home-numbers-heading")
    values = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", numbers))
    assert values == {
        "事例": "2",
        "共有した自治体": "3",
        "横展開": "1",
        "視察受入": "1",
    }


def test_the_home_page_has_a_search_box_for_the_whole_site(client):
    html = client.get(HOME).content.decode()
    start = html.index('class="home-search"')  # the header's site-wide box comes first
    form = html[start : html.index("</form>", start)]
    assert 'action="/search/"' in form and 'name="q"' in form
    assert '<label id="home-search-label" for="home-search-q">' in form


def test_home_query_count_does_not_grow_with_data(
    full_renders,
    client,
    case_study_factory,
    template_factory,
    question_factory,
    shimotsuma_staff,
    other_town_staff,
    django_assert_max_num_queries,
):
    def add_rows(number):
        for _ in range(number):
            case = case_study_factory(IIDE, tools=["kintone", "LINE"], metrics=2)
            template = template_factory()
            question_factory(other_town_staff)
            make_offer(shimotsuma_staff)
            for code in [SHIMOTSUMA, "082015"]:
                municipality = Municipality.objects.get(code=code)
                for page in (case, template):
                    adopt(
                        page,
                        municipality,
                        actor=shimotsuma_staff,
                        adopted_on=datetime.date(2024, 6, 1),
                    )

    add_rows(1)
    client.get(HOME)
    # Wagtail routing (none: the process keeps the sites with the home page until a
    # page is published, casestudies/home/routing.py); the list pages' URLs (1); counts of case studies, templates, sharing municipalities,
    # adoptions and visits held (1, a UNION); the latest cases (1) with their metrics
    # (1) and their tools, categories and funding programmes (1, one UNION); open
    # questions (1); top templates with their adopters by size (1); visit offers (1);
    # upcoming events (1).
    with django_assert_max_num_queries(9) as few:
        client.get(HOME)
    baseline = len(few.captured_queries)
    add_rows(7)
    client.get(HOME)  # the sites read again once, after the publishes
    with django_assert_max_num_queries(baseline):
        assert client.get(HOME).status_code == 200


def test_the_home_page_is_one_cached_page_that_a_publish_retires(
    client, settings, case_study_factory, django_assert_num_queries
):
    settings.YOKOTEN_PAGE_CACHE = True
    case_study_factory(title="最初の事例")
    assert "最初の事例" in client.get(HOME).content.decode()
    with django_assert_num_queries(0):
        assert "最初の事例" in client.get(HOME).content.decode()
    case_study_factory(title="あとから公開された事例")
    assert "あとから公開された事例" in client.get(HOME).content.decode()


def test_a_forum_write_reads_the_open_questions_again_and_nothing_else(
    full_renders,
    client,
    case_study_factory,
    question_factory,
    other_town_staff,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    """In an active forum the front door is rendered again every second: its numbers,
    latest cases and top templates stay cached under what they show."""
    case_study_factory(IIDE, title="ゼロ円で始めた申請受付")
    question_factory(other_town_staff, title="最初の質問")
    client.get(HOME)
    with django_capture_on_commit_callbacks(execute=True):
        question_factory(other_town_staff, title="いま届いた質問")

    # The list pages' URLs, the open questions, the upcoming events.
    with django_assert_max_num_queries(3) as queries:
        body = client.get(HOME).content.decode()

    assert "いま届いた質問" in section(body, "home-questions-heading")
    assert "ゼロ円で始めた申請受付" in body
    assert not any("cases_casestudypage" in query["sql"] for query in queries.captured_queries)
