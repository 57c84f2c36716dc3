"""The verification queue, approve, reject and revoke: who may, who may not,
what the member is told and what the audit log keeps."""

import pytest
from django.core import mail

from community.accounts.models import VerificationRequest
from community.accounts.services import request_verification
from community.audit.models import AuditEntry
from community.municipalities.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(member):
    return request_verification(
        member,
        Municipality.objects.get(code="064033"),
        department="総務企画課",
        note="代表電話で確認できます",
    )


@pytest.fixture
def moderator_client(client_for, moderator, with_totp):
    return client_for(with_totp(moderator))


def cast(request, name):
    return None if name == "anonymous" else request.getfixturevalue(name)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("shimotsuma_staff", 403),
        ("other_town_staff", 403),
        ("moderator", 200),
    ],
)
def test_who_may_see_the_queue(request, client_for, with_totp, pending, who, status):
    user = cast(request, who)
    if who == "moderator":
        with_totp(user)
    response = client_for(user).get("/moderation/verifications/")
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["anonymous", "member", "shimotsuma_staff"])
def test_who_may_not_decide_or_revoke(request, client_for, pending, shimotsuma_staff, who):
    client = client_for(cast(request, who))
    client.post(f"/moderation/verifications/{pending.pk}/decide/", {"decision": "approve"})
    client.post(f"/members/{shimotsuma_staff.pk}/revoke/", {"reason": "test"})
    pending.refresh_from_db()
    shimotsuma_staff.refresh_from_db()
    assert pending.status == VerificationRequest.Status.PENDING
    assert shimotsuma_staff.is_verified_staff


def test_a_moderator_without_two_factor_is_sent_to_set_it_up(client_for, moderator_without_totp):
    response = client_for(moderator_without_totp).get("/moderation/verifications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_the_queue_query_count_does_not_grow_with_requests(
    moderator_client, django_assert_max_num_queries
):
    from tests.conftest import make_member

    gifu = Municipality.objects.get(code="212041")
    for number in range(3):
        request_verification(
            make_member(f"a{number}@example.com"), gifu, department="情報政策課", note=""
        )
    moderator_client.get("/moderation/verifications/")
    with django_assert_max_num_queries(12) as few:
        moderator_client.get("/moderation/verifications/")
    baseline = len(few.captured_queries)
    for number in range(3, 20):
        request_verification(
            make_member(f"a{number}@example.com"), gifu, department="情報政策課", note=""
        )
    # Each request notified the moderators, which retired the moderator's cached row
    # (it carries their unread count): read again once, as before the first count.
    moderator_client.get("/moderation/verifications/")
    with django_assert_max_num_queries(baseline):
        moderator_client.get("/moderation/verifications/")


def test_rejecting_needs_a_reason_and_tells_the_member(
    moderator_client, moderator, member, pending, django_capture_on_commit_callbacks
):
    moderator_client.post(
        f"/moderation/verifications/{pending.pk}/decide/", {"decision": "reject", "reason": ""}
    )
    pending.refresh_from_db()
    assert pending.status == VerificationRequest.Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            f"/moderation/verifications/{pending.pk}/decide/",
            {
                "decision": "reject",
                "reason": "在籍を確認できませんでした。所属部署の代表電話番号をお知らせください。",
            },
        )
    pending.refresh_from_db()
    assert pending.status == VerificationRequest.Status.REJECTED
    assert len(mail.outbox) == 1
    assert "在籍を確認できませんでした" in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="verification.request_rejected")
    assert (entry.actor, entry.target_id) == (moderator, str(member.pk))
    assert entry.reason.startswith("在籍を確認")


def test_two_moderators_deciding_at_once_decide_once(moderator_client, pending):
    moderator_client.post(
        f"/moderation/verifications/{pending.pk}/decide/", {"decision": "approve"}
    )
    response = moderator_client.post(
        f"/moderation/verifications/{pending.pk}/decide/",
        {"decision": "reject", "reason": "遅れて却下"},
        follow=True,
    )
    pending.refresh_from_db()
    assert pending.status == VerificationRequest.Status.APPROVED
    assert "別のモデレーターがすでに判断しました" in response.content.decode()
    assert AuditEntry.objects.filter(action="verification.granted").count() == 1


def test_revoking_removes_badge_and_rights_and_is_logged(
    moderator_client, moderator, shimotsuma_staff, django_capture_on_commit_callbacks
):
    assert (
        "✓ 下妻市 職員" in moderator_client.get(f"/members/{shimotsuma_staff.pk}/").content.decode()
    )
    assert moderator_client.get(f"/members/{shimotsuma_staff.pk}/revoke/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            f"/members/{shimotsuma_staff.pk}/revoke/", {"reason": "異動により退職されたため"}
        )
    shimotsuma_staff.refresh_from_db()
    assert not shimotsuma_staff.is_verified_staff
    assert not shimotsuma_staff.groups.filter(name="認証済み職員").exists()
    assert (
        "✓ 下妻市 職員"
        not in moderator_client.get(f"/members/{shimotsuma_staff.pk}/").content.decode()
    )
    entry = AuditEntry.objects.get(action="verification.revoked")
    assert (entry.actor, entry.reason, entry.data["municipality"]) == (
        moderator,
        "異動により退職されたため",
        "082104",
    )
    assert mail.outbox[0].to == [shimotsuma_staff.email]


def test_revoking_without_a_reason_keeps_what_was_typed_nowhere_lost(
    moderator_client, shimotsuma_staff
):
    response = moderator_client.post(f"/members/{shimotsuma_staff.pk}/revoke/", {"reason": ""})
    assert response.status_code == 200
    assert "「理由（会員にメールで送られます）」を入力してください。" in response.content.decode()
    shimotsuma_staff.refresh_from_db()
    assert shimotsuma_staff.is_verified_staff


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        ("approve", "モデレーターが山形県 飯豊町の職員として認証しました"),
        ("reject", "モデレーターは山形県 飯豊町の職員として認証できませんでした"),
    ],
)
def test_the_decision_is_in_the_members_inbox_and_one_email(
    moderator_client, pending, member, client_for, django_capture_on_commit_callbacks,
    decision, message,
):  # fmt: skip
    from community.accounts.notifications import DECIDED
    from community.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            f"/moderation/verifications/{pending.pk}/decide/",
            {"decision": decision, "reason": "代表電話で確認しました。"},
        )
    item = Notification.objects.get(recipient=member)
    assert (item.kind, item.message, item.url) == (DECIDED, message, "/members/me/verification/")
    assert [sent.to for sent in mail.outbox] == [[member.email]]
    assert message in client_for(member).get("/notifications/").content.decode()
