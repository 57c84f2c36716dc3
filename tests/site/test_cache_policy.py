"""Each kind of write retires the cached pages that show it, once it commits, and
leaves unrelated cached pages alone (yokoten/cache_policy.py)."""

import datetime

import pytest

from casestudies.adoption.services import adopt
from community.forum import services as forum
from community.municipalities.models import Municipality
from tests.cases import conftest as cases
from tests.forum import conftest as forum_cast
from yokoten import cache_policy

# The factories of tests/cases and tests/forum.
index_page, case_study_factory = cases.index_page, cases.case_study_factory
public_board, question_factory = forum_cast.public_board, forum_cast.question_factory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.YOKOTEN_PAGE_CACHE = True


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the write, then what runs when its transaction commits (the retirements)."""

    def run(write):
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    return run


def cached(client, url: str) -> str:
    """Load ``url`` twice: the second comes from the cache; its HTML."""
    client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit", url
    return response.content.decode()


def state(client, url: str) -> str:
    return client.get(url)["X-Page-Cache"]


@pytest.fixture
def two_questions(question_factory, member):
    return question_factory(member, title="質問A：申請の電子化"), question_factory(
        member, title="質問B：庁内の研修"
    )


def test_a_vote_retires_its_question_and_the_forum_list_but_not_other_pages(
    client, committed, two_questions, shimotsuma_staff, case_study_factory
):
    first, second = two_questions
    case = case_study_factory(title="残る事例")
    urls = [first.get_absolute_url(), second.get_absolute_url(), "/forum/", case.url]
    for url in urls:
        cached(client, url)
    committed(lambda: forum.toggle_vote(first, member=shimotsuma_staff, helpful=True))
    assert state(client, first.get_absolute_url()) == "miss"
    assert state(client, "/forum/") == "miss"
    assert state(client, second.get_absolute_url()) == "hit"
    assert state(client, case.url) == "hit"


def test_a_page_rendered_while_the_write_was_committing_is_retired_again_on_commit(
    client, django_capture_on_commit_callbacks, two_questions, shimotsuma_staff
):
    first, _second = two_questions
    cached(client, first.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=False) as on_commit:
        forum.toggle_vote(first, member=shimotsuma_staff, helpful=True)
    cached(client, first.get_absolute_url())  # rendered before the commit
    for callback in on_commit:  # the commit
        callback()
    assert state(client, first.get_absolute_url()) == "miss"


def test_an_answer_shows_on_the_next_read_of_its_question(
    client, committed, two_questions, shimotsuma_staff
):
    first, second = two_questions
    cached(client, first.get_absolute_url())
    cached(client, second.get_absolute_url())
    committed(lambda: forum.post_answer(first, author=shimotsuma_staff, body="当町の回答です。"))
    assert "当町の回答です。" in client.get(first.get_absolute_url()).content.decode()
    assert state(client, second.get_absolute_url()) == "hit"


def test_accepting_an_edit_and_a_follow_retire_the_question(
    client, committed, two_questions, shimotsuma_staff, member, other_town_staff
):
    first, second = two_questions
    answer = forum.post_answer(first, author=shimotsuma_staff, body="回答")
    for write in (
        lambda: forum.accept_answer(first, answer, actor=member),
        lambda: forum.edit_answer(answer, editor=shimotsuma_staff, body="書き直した回答"),
        lambda: forum.follow(other_town_staff, first),
    ):
        cached(client, first.get_absolute_url())
        cached(client, second.get_absolute_url())
        committed(write)
        assert state(client, first.get_absolute_url()) == "miss"
        assert state(client, second.get_absolute_url()) == "hit"
    assert "書き直した回答" in client.get(first.get_absolute_url()).content.decode()


def test_hiding_a_question_retires_it_and_the_list(client, committed, two_questions, moderator):
    first, second = two_questions
    for url in (first.get_absolute_url(), second.get_absolute_url(), "/forum/"):
        cached(client, url)
    committed(lambda: forum.hide_post(first, actor=moderator, reason="spam"))
    assert client.get(first.get_absolute_url()).status_code == 404
    assert first.title not in client.get("/forum/").content.decode()
    assert state(client, second.get_absolute_url()) == "hit"


def test_publishing_a_case_study_retires_its_list_and_municipality_not_the_forum(
    client, committed, case_study_factory, two_questions
):
    other = case_study_factory("064033", title="飯豊町の事例")
    first, _second = two_questions
    for url in ("/casestudies/", "/municipalities/082104/", other.url, first.get_absolute_url()):
        cached(client, url)
    committed(lambda: case_study_factory("082104", title="新しく公開された事例"))
    assert "新しく公開された事例" in client.get("/casestudies/").content.decode()
    assert "新しく公開された事例" in client.get("/municipalities/082104/").content.decode()
    assert state(client, other.url) == "hit"
    assert state(client, first.get_absolute_url()) == "hit"


def test_editing_and_unpublishing_a_case_study_retire_its_page(
    client, committed, case_study_factory
):
    case, other = case_study_factory(title="元の題名"), case_study_factory(title="別の事例")
    cached(client, case.url)
    cached(client, other.url)
    case.title = "新しい題名"

    committed(lambda: case.save_revision().publish(skip_permission_checks=True))
    assert "新しい題名" in client.get(case.url).content.decode()
    cached(client, "/casestudies/")
    committed(lambda: case.unpublish())
    assert client.get(case.url).status_code == 404
    assert "新しい題名" not in client.get("/casestudies/").content.decode()
    assert state(client, other.url) == "hit"


def test_an_adoption_retires_the_page_its_list_and_both_municipalities(
    client, committed, case_study_factory, other_town_staff, two_questions
):
    case = case_study_factory("082104")
    first, _second = two_questions
    urls = (case.url, "/municipalities/082104/", "/municipalities/064033/", "/impact/")
    for url in (*urls, first.get_absolute_url()):
        cached(client, url)
    committed(
        lambda: adopt(
            case,
            Municipality.objects.get(code="064033"),
            actor=other_town_staff,
            adopted_on=datetime.date(2024, 4, 1),
        )
    )
    for url in urls:
        assert state(client, url) == "miss", url
    assert state(client, first.get_absolute_url()) == "hit"


def test_a_municipality_import_retires_everything(client, two_questions):
    first, _second = two_questions
    cached(client, first.get_absolute_url())
    cached(client, "/municipalities/082104/")
    cache_policy._retire_now({cache_policy.EVERYTHING})  # what retire_everything() does on commit
    assert state(client, first.get_absolute_url()) == "miss"
    assert state(client, "/municipalities/082104/") == "miss"


def test_a_page_that_names_no_tags_is_retired_by_any_write(
    client, committed, two_questions, shimotsuma_staff
):
    first, _second = two_questions
    cached(client, "/visits/")
    committed(lambda: forum.toggle_vote(first, member=shimotsuma_staff, helpful=True))
    assert state(client, "/visits/") == "miss"


def test_a_render_that_started_before_the_commit_is_not_served_after_it(
    client, two_questions, monkeypatch
):
    """The page was rendered from the old rows while the write was committing."""
    first, _second = two_questions
    cached(client, first.get_absolute_url())
    real_now = cache_policy.now
    monkeypatch.setattr(cache_policy, "now", lambda: real_now() - 5)  # started 5 s ago
    client.get("/forum/")  # a miss, stored as rendered from 5 s ago
    monkeypatch.setattr(cache_policy, "now", real_now)
    cache_policy._retire_now({"list:forum"})  # the write committed 1 s ago
    assert state(client, "/forum/") == "miss"
    cached(client, "/forum/")
    assert state(client, first.get_absolute_url()) == "hit"


def test_a_member_change_retires_their_cached_row_and_the_pages_showing_their_name(
    client, committed, two_questions, member
):
    first, _second = two_questions
    cached(client, first.get_absolute_url())
    member.display_name = "新しい表示名"
    committed(lambda: member.save())
    assert "新しい表示名" in client.get(first.get_absolute_url()).content.decode()


def test_a_sign_in_retires_nothing(client, committed, two_questions, member):
    first, _second = two_questions
    cached(client, first.get_absolute_url())
    committed(lambda: member.save(update_fields=["last_login"]))
    assert state(client, first.get_absolute_url()) == "hit"


@pytest.fixture
def in_a_request():
    """Between a request's start and end, as a web request runs."""
    from django.core.signals import request_finished, request_started

    request_started.send(sender=None)
    yield
    request_finished.send(sender=None)


def test_an_entry_read_ahead_comes_with_the_request_s_next_fetch_until_a_retirement(
    in_a_request,
):
    from django.core.cache import cache

    cache.set("kept-page", "as read with the row")
    cache_policy.want("kept-page")
    cache_policy.fetch("row", ("member:1",), lambda: "row", timeout=60)
    cache.set("kept-page", "changed since")
    assert cache_policy.read_many(["kept-page"], ahead_only=True) == {
        "kept-page": "as read with the row"
    }
    cache_policy.retire("member:1")  # in the request: what was read ahead is forgotten
    assert cache_policy.read_many(["kept-page"], ahead_only=True) == {}
    assert cache_policy.read_many(["kept-page"]) == {"kept-page": "changed since"}
