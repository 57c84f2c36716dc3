"""A moderator merges a duplicate question into the one kept: its answers, helpful
votes and followers move there, the duplicate is hidden, and its address redirects
there with a 301. Nobody else may."""

import pytest

from community.audit.models import AuditEntry
from community.forum import services
from community.forum.models import Follow, Question

from .conftest import cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(question_factory, shimotsuma_staff, other_town_staff, member):
    kept = question_factory(shimotsuma_staff, title="kintone のアクセス権を課ごとに分けたい")
    duplicate = question_factory(other_town_staff, title="kintone で課ごとに権限を分ける方法")
    answer = services.post_answer(duplicate, author=shimotsuma_staff, body="スペースを分けます。")
    services.toggle_vote(duplicate, member=member, helpful=True)
    services.toggle_vote(duplicate, member=shimotsuma_staff, helpful=True)
    services.follow(member, duplicate)
    return kept, duplicate, answer


def merge_url(question) -> str:
    return f"/moderation/forum/questions/{question.pk}/merge/"


def test_a_moderator_merges_a_duplicate_and_its_old_address_redirects(
    moderator_client, pair, member, other_town_staff, client
):
    kept, duplicate, answer = pair

    page = moderator_client.get(merge_url(duplicate))
    assert page.status_code == 200
    assert "redirects" in page.content.decode() or "転送" in page.content.decode()

    response = moderator_client.post(
        merge_url(duplicate), {"into": f"/forum/questions/{kept.pk}/", "reason": "重複"}
    )

    assert response.status_code == 302 and response["Location"] == kept.get_absolute_url()
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    answer.refresh_from_db()
    assert answer.question_id == kept.pk
    assert kept.answer_count == 1
    # 山口さん's helpful vote moved; 下妻市's own vote did not (nobody marks their
    # own question helpful).
    assert kept.vote_count == 1
    assert list(kept.votes.values_list("member_id", flat=True)) == [member.pk]
    followers = set(Follow.objects.filter(question=kept).values_list("member_id", flat=True))
    assert {member.pk, other_town_staff.pk} <= followers
    assert duplicate.merged_into_id == kept.pk and duplicate.is_hidden
    assert AuditEntry.objects.filter(action="forum.merged").count() == 1

    old = client.get(f"/forum/questions/{duplicate.pk}/")
    assert old.status_code == 301 and old["Location"] == kept.get_absolute_url()
    followed = client.get(old["Location"])
    assert "スペースを分けます。" in followed.content.decode()
    assert duplicate.pk not in Question.objects.not_hidden().values_list("pk", flat=True)


def test_merging_into_itself_or_an_unknown_question_is_refused_with_a_message(
    moderator_client, pair
):
    _kept, duplicate, _answer = pair
    for into in (str(duplicate.pk), "999999", "なにか"):
        response = moderator_client.post(merge_url(duplicate), {"into": into})
        assert response.status_code == 200
        assert response.context["form"].errors["into"]
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id is None and not duplicate.is_hidden


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("member", 403), ("shimotsuma_staff", 403), ("other_town_staff", 403)],
)
def test_only_moderators_may_merge_questions(request, client_for, pair, who, status):
    kept, duplicate, answer = pair
    client = client_for(cast(request, who))

    assert client.get(merge_url(duplicate)).status_code == status
    response = client.post(merge_url(duplicate), {"into": str(kept.pk)})

    assert response.status_code == status
    duplicate.refresh_from_db()
    answer.refresh_from_db()
    assert duplicate.merged_into_id is None and answer.question_id == duplicate.pk
    assert not AuditEntry.objects.filter(action="forum.merged").exists()


def test_the_merged_address_does_not_reveal_a_staff_only_question(
    question_factory, staff_board, shimotsuma_staff, other_town_staff, moderator, client
):
    kept = question_factory(shimotsuma_staff, board=staff_board, title="見積額の比べ方")
    duplicate = question_factory(other_town_staff, title="見積を比べるには")
    services.merge_question(duplicate, into=kept, actor=moderator)

    assert client.get(f"/forum/questions/{duplicate.pk}/").status_code == 404
