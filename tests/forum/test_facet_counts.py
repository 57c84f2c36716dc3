"""The forum list's facet counts are cached (yokoten/filtering.py,
``cached_facet_counts``): each write that changes a count shows on the next
read, and each reader sees the counts of the questions they may see."""

import pytest

from community.forum import services
from community.forum.caching import retire_forum_lists
from tests.facets import shown_facets

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(full_renders, question_factory, shimotsuma_staff, other_town_staff):
    """Two public questions of 下妻市 (茨城県), one answered; the facets counted once."""
    answered = question_factory(shimotsuma_staff, tags=["RPA"], answered_by=other_town_staff)
    waiting = question_factory(shimotsuma_staff, tags=["RPA", "kintone"])
    return {"answered": answered, "waiting": waiting}


def facets(client, **params):
    return shown_facets(client.get("/forum/", params))


def test_the_counts_are_reused_until_the_forum_changes(
    client, forum, django_assert_max_num_queries
):
    first = facets(client)
    assert first["status:unanswered"] == 1 and first["tag:RPA"] == 2
    with django_assert_max_num_queries(4):  # visible boards, count, page, tags of the page
        assert facets(client) == first
    # Another spelling of the same filters (a page number, the order) shares the counts.
    facets(client, tag="RPA")
    with django_assert_max_num_queries(5):  # and whether a question has the tag
        assert facets(client, sort="newest", tag="RPA", page="1")["prefecture:08"] == 2


def test_a_new_question_is_counted_at_once(client, forum, question_factory, other_town_staff):
    assert facets(client)["prefecture:08"] == 2
    question_factory(other_town_staff, tags=["RPA"])
    counts = facets(client)
    assert counts["prefecture:08"] == 2 and counts["prefecture:06"] == 1
    assert counts["tag:RPA"] == 3 and counts["status:unanswered"] == 2


def test_an_answer_takes_a_question_out_of_unanswered(client, forum, other_town_staff):
    assert facets(client)["status:unanswered"] == 1
    services.post_answer(forum["waiting"], author=other_town_staff, body="当町ではこうしています。")
    assert facets(client)["status:unanswered"] == 0


def test_a_tag_change_moves_the_count(client, forum, shimotsuma_staff):
    before = facets(client)
    assert before["tag:kintone"] == 1 and "tag:LoGoフォーム" not in before
    question = forum["waiting"]
    services.edit_question(
        question,
        editor=shimotsuma_staff,
        title=question.title,
        body=question.body,
        tags=["LoGoフォーム"],
    )
    after = facets(client)
    assert after["tag:LoGoフォーム"] == 1 and "tag:kintone" not in after
    assert after["tag:RPA"] == 1


def test_a_question_moved_to_a_staff_board_leaves_the_public_counts_only(
    client, client_for, forum, staff_board, moderator, shimotsuma_staff
):
    staff = client_for(shimotsuma_staff)
    assert facets(client)["tag:RPA"] == 2
    assert facets(staff)["tag:RPA"] == 2
    services.move_question(forum["waiting"], board=staff_board, actor=moderator)
    public = facets(client)
    assert public["tag:RPA"] == 1 and "tag:kintone" not in public
    assert f"board:{staff_board.slug}" not in public
    for_staff = facets(staff)
    assert for_staff["tag:RPA"] == 2 and for_staff["tag:kintone"] == 1
    assert for_staff[f"board:{staff_board.slug}"] == 1


def test_staff_and_everyone_else_each_see_their_own_counts(
    client, client_for, forum, question_factory, staff_board, shimotsuma_staff, member
):
    question_factory(shimotsuma_staff, board=staff_board, tags=["職員限定"])
    staff, signed_in = client_for(shimotsuma_staff), client_for(member)
    # Whoever reads first, the other reader's counts are their own.
    for readers in [(staff, client, signed_in), (client, signed_in, staff)]:
        retire_forum_lists()  # counted afresh, by the first of them
        for reader in readers:
            counts = facets(reader)
            if reader is staff:
                assert counts["tag:職員限定"] == 1 and counts["prefecture:08"] == 3
            else:
                assert "tag:職員限定" not in counts and counts["prefecture:08"] == 2


def test_a_vote_shows_on_the_list_without_recounting_the_facets(
    client, forum, other_town_staff, django_capture_on_commit_callbacks, monkeypatch
):
    from yokoten.filtering import ListFilterSet

    first = facets(client)
    counted = []
    real = ListFilterSet.facet_counts
    monkeypatch.setattr(
        ListFilterSet,
        "facet_counts",
        lambda self, qs, **kw: counted.append(1) or real(self, qs, **kw),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.toggle_vote(forum["waiting"], member=other_town_staff, helpful=True)

    response = client.get("/forum/", {"sort": "helpful"})

    body = response.content.decode()  # the voted question now leads the most helpful
    assert body.index(forum["waiting"].title) < body.index(forum["answered"].title)
    assert shown_facets(response) == first
    assert counted == []  # no count counts votes: the counts were kept


@pytest.fixture
def recounts(monkeypatch):
    """How many times the facets are counted afresh from here on."""
    from yokoten.filtering import ListFilterSet

    counted = []
    real = ListFilterSet.facet_counts
    monkeypatch.setattr(
        ListFilterSet,
        "facet_counts",
        lambda self, qs, **kw: counted.append(1) or real(self, qs, **kw),
    )
    return counted


def test_a_second_answer_and_a_comment_show_without_recounting(
    client, forum, other_town_staff, member, django_capture_on_commit_callbacks, recounts
):
    answered = forum["answered"]
    first = facets(client)
    recounts.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_answer(answered, author=member, body="うちも同じ運用です。")
        services.post_comment(answered, author=other_town_staff, body="参考になります。")

    response = client.get("/forum/", {"sort": "active"})

    # The list shows the new answer count at once; no count counts a second answer.
    assert "回答 2件" in response.content.decode()
    assert shown_facets(response) == first
    assert recounts == []


def test_a_first_answer_recounts(
    client, forum, other_town_staff, django_capture_on_commit_callbacks, recounts
):
    facets(client)
    recounts.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_answer(forum["waiting"], author=other_town_staff, body="当町の例です。")

    assert facets(client)["status:unanswered"] == 0
    assert recounts == [1]


def rendered(response) -> set[str]:
    return {template.name for template in response.templates}


def test_the_filter_panel_is_rendered_again_only_when_a_count_changes(
    client, forum, question_factory, other_town_staff, django_capture_on_commit_callbacks
):
    assert "components/facets.html" in rendered(client.get("/forum/"))
    with django_capture_on_commit_callbacks(execute=True):
        services.toggle_vote(forum["waiting"], member=other_town_staff, helpful=True)

    after_vote = client.get("/forum/")

    assert "components/facets.html" not in rendered(after_vote)  # the panel as it was
    assert 'aria-labelledby="filters-heading"' in after_vote.content.decode()
    assert "役に立った 1" in after_vote.content.decode()  # the rows are rendered afresh
    with django_capture_on_commit_callbacks(execute=True):
        question_factory(other_town_staff, tags=["RPA"])
    assert "components/facets.html" in rendered(client.get("/forum/"))
