"""Signing up with an official address makes verified staff; any other address
leaves a plain member who can ask a moderator."""

import re

import pytest
from django.core import mail

from community.accounts.models import User
from community.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def sign_up(django_capture_on_commit_callbacks):
    """Sign up and commit, so the confirmation email goes out (through the outbox)."""

    def post(client, email: str):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/accounts/signup/",
                {
                    "email": email,
                    "password1": "kintone-is-great-42",
                    "password2": "kintone-is-great-42",
                },
            )
        assert response.status_code == 302, response.content.decode()[:2000]
        return response

    return post


def emailed_code(message) -> str:
    return re.search(r"^\s{4}(\S+)$", message.body, re.MULTILINE).group(1)


def emailed_link(message) -> str:
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)


def test_official_address_confirmed_by_code_makes_verified_staff_with_badge(sign_up, client):
    sign_up(client, "someone@city.shimotsuma.lg.jp")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["someone@city.shimotsuma.lg.jp"]
    code = emailed_code(message)
    assert "/accounts/confirm-email/" in message.body  # the link is there too

    response = client.post("/accounts/confirm-email/", {"code": code})
    assert response.status_code == 302

    member = User.objects.get(email="someone@city.shimotsuma.lg.jp")
    assert member.is_verified_staff
    assert member.staff_municipality.code == "082104"
    assert member.groups.filter(name="認証済み職員").exists()
    verification = member.verifications.get()
    assert verification.method == "email_domain"
    assert (verification.expires_at - verification.verified_at).days == 365
    assert AuditEntry.objects.filter(
        action="verification.granted", target_id=str(member.pk)
    ).exists()

    member.display_name = "下妻 太郎"
    member.save()
    assert "✓ 下妻市 職員" in client.get(f"/members/{member.pk}/").content.decode()


def test_the_emailed_link_confirms_too_when_the_gateway_keeps_it(sign_up, client):
    sign_up(client, "dx@city.shimotsuma.lg.jp")
    link = emailed_link(mail.outbox[0])
    path = link.split("://", 1)[1].split("/", 1)[1]
    other_device = type(client)()
    response = other_device.post("/" + path)
    assert response.status_code == 302
    assert User.objects.get(email="dx@city.shimotsuma.lg.jp").is_verified_staff


def test_a_sub_domain_of_the_official_domain_counts(sign_up, client):
    sign_up(client, "someone@dx.city.shimotsuma.lg.jp")
    client.post("/accounts/confirm-email/", {"code": emailed_code(mail.outbox[0])})
    assert (
        User.objects.get(email="someone@dx.city.shimotsuma.lg.jp").staff_municipality.code
        == "082104"
    )


@pytest.mark.parametrize(
    "email", ["someone@gmail.com", "someone@evilcity.shimotsuma.lg.jp", "someone@lg.jp"]
)
def test_other_addresses_leave_a_plain_member(sign_up, client, email):
    sign_up(client, email)
    client.post("/accounts/confirm-email/", {"code": emailed_code(mail.outbox[0])})
    member = User.objects.get(email=email)
    assert member.emailaddress_set.get().verified
    assert not member.is_verified_staff
    assert not member.groups.exists()


def test_a_wrong_code_is_refused_and_nothing_is_verified(sign_up, client):
    sign_up(client, "someone@city.shimotsuma.lg.jp")
    response = client.post("/accounts/confirm-email/", {"code": "WRONG1"})
    assert response.status_code == 200
    assert not User.objects.get(email="someone@city.shimotsuma.lg.jp").is_verified_staff


def test_signing_up_with_a_taken_address_does_not_reveal_it(sign_up, client, member):
    response = sign_up(client, member.email)
    # Same answer as for a new address; the owner is told by email instead.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert mail.outbox[-1].to == [member.email]


def test_a_plain_member_asks_and_a_moderator_approves(
    client_for, member, moderator, with_totp, django_capture_on_commit_callbacks
):
    with_totp(moderator)
    asking = client_for(member)
    response = asking.post(
        "/members/me/verification/",
        {
            "municipality": "山形県 飯豊町",
            "department": "総務企画課",
            "note": "代表電話 0238-72-2111 で確認できます",
        },
    )
    assert response.status_code == 302
    request = member.verification_requests.get()
    assert request.municipality.code == "064033"

    queue = client_for(moderator).get("/moderation/verifications/")
    assert "総務企画課" in queue.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(moderator).post(
            f"/moderation/verifications/{request.pk}/decide/", {"decision": "approve", "reason": ""}
        )

    member.refresh_from_db()
    assert member.is_verified_staff and member.staff_municipality.code == "064033"
    assert member.verifications.get().method == "moderator"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]
    assert "飯豊町" in mail.outbox[0].subject
    assert "✓ 飯豊町 職員" in asking.get(f"/members/{member.pk}/").content.decode()


def test_a_request_names_an_ambiguous_municipality_with_its_prefecture(client_for, member):
    response = client_for(member).post(
        "/members/me/verification/",
        {"municipality": "伊達市", "department": "企画課", "note": "メモ"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "「伊達市」という自治体は複数あります" in body
    assert 'value="企画課"' in body and "メモ" in body  # nothing typed is lost
    assert not member.verification_requests.exists()


def test_only_one_pending_request_at_a_time(client_for, member):
    client = client_for(member)
    client.post(
        "/members/me/verification/",
        {"municipality": "082104", "department": "DX推進課", "note": ""},
    )
    client.post(
        "/members/me/verification/", {"municipality": "064033", "department": "総務課", "note": ""}
    )
    assert member.verification_requests.count() == 1


def test_account_emails_name_the_service_and_link_to_the_site_url(client, settings, sign_up):
    settings.SITE_URL = "https://yokoten.example.jp"
    sign_up(client, "someone@example.com")
    message = mail.outbox[0]
    assert message.subject.startswith("[横展開 Yokoten] ")
    assert message.body.startswith("こんにちは。横展開 Yokoten です。")
    assert message.body.rstrip().endswith("\nhttps://yokoten.example.jp")
