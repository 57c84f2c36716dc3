import json

import pytest
from allauth.account.models import EmailAddress

from community.accounts.models import User
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def login_and_reauthenticate(client, user, password="correct-horse-battery"):
    """Sensitive pages (export, deletion) ask for the password again."""
    sign_in(client, user)
    response = client.post("/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302


def test_no_page_shows_another_members_email(
    client_for, member, shimotsuma_staff, other_town_staff, moderator, with_totp
):
    with_totp(moderator)
    shimotsuma_staff.profile_visibility = "public"
    shimotsuma_staff.save()
    pages = [f"/members/{shimotsuma_staff.pk}/", "/", "/municipalities/082104/"]
    for viewer in [None, member, other_town_staff, moderator]:
        client = client_for(viewer)
        for url in pages:
            body = client.get(url).content.decode()
            assert shimotsuma_staff.email not in body, (viewer, url)
            assert "city.shimotsuma.lg.jp" not in body or url.startswith("/municipalities/")


def test_members_only_profile_is_hidden_from_visitors(client, client_for, member, shimotsuma_staff):
    assert shimotsuma_staff.profile_visibility == "members"
    response = client.get(f"/members/{shimotsuma_staff.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert (
        "石塚 美咲" in client_for(member).get(f"/members/{shimotsuma_staff.pk}/").content.decode()
    )


def test_public_profile_shows_name_department_and_badge_to_visitors(client, shimotsuma_staff):
    shimotsuma_staff.profile_visibility = "public"
    shimotsuma_staff.save()
    body = client.get(f"/members/{shimotsuma_staff.pk}/").content.decode()
    assert "石塚 美咲" in body and "DX推進課" in body and "✓ 下妻市 職員" in body


def test_profile_edit_is_for_the_member_only(client, client_for, member):
    assert client.get("/members/me/profile/").status_code == 302
    response = client_for(member).post(
        "/members/me/profile/",
        {
            "display_name": "山口 ひな",
            "display_name_kana": "やまぐち ひな",
            "municipality": "茨城県 下妻市",
            "department": "",
            "job_title": "",
            "bio": "ノーコード導入支援",
            "expertise": "kintone, 研修",
            "profile_visibility": "public",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.municipality.code) == ("山口 ひな", "082104")
    assert sorted(member.expertise.names()) == ["kintone", "研修"]
    assert not member.is_verified_staff  # choosing a municipality is not verification


def test_a_failed_profile_form_keeps_what_was_typed(client_for, member):
    response = client_for(member).post(
        "/members/me/profile/",
        {
            "display_name": "",
            "bio": "書きかけの自己紹介",
            "municipality": "存在しない村",
            "profile_visibility": "public",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "書きかけの自己紹介" in body and 'value="存在しない村"' in body
    assert "「存在しない村」という自治体は見つかりません。" in body


def test_data_export_needs_recent_login_and_contains_my_data(client, member):
    sign_in(client, member)
    assert client.get("/members/me/export/")["Location"].startswith("/accounts/reauthenticate/")
    login_and_reauthenticate(client, member)
    response = client.get("/members/me/export/")
    assert response["Content-Disposition"].startswith('attachment; filename="yokoten-my-data-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["profile"]["display_name"] == "山口 陽菜"
    assert data["email_addresses"] == [
        {"email": "member@example.com", "verified": True, "primary": True}
    ]


def test_deleting_removes_personal_data_and_keeps_attribution(client, shimotsuma_staff):
    login_and_reauthenticate(client, shimotsuma_staff)
    page = client.get("/members/me/delete/")
    assert page.status_code == 200
    refused = client.post("/members/me/delete/", {"confirm": "はい"})
    assert "「退会する」と正確に入力してください" in refused.content.decode()

    response = client.post("/members/me/delete/", {"confirm": "退会する"})
    assert response.status_code == 302
    gone = User.objects.get(pk=shimotsuma_staff.pk)
    assert gone.public_name == "退会したユーザー"
    assert "shimotsuma" not in gone.email and gone.display_name == "" and not gone.is_active
    assert not gone.is_verified_staff
    assert not EmailAddress.objects.filter(user=gone).exists()
    assert not gone.verifications.exclude(email="").exists()
    assert not client.post(
        "/accounts/login/",
        {"login": "ishizuka@city.shimotsuma.lg.jp", "password": "correct-horse-battery"},
    ).get("Location")
    assert client.get(f"/members/{gone.pk}/").status_code == 404


def test_privacy_page_states_the_purpose_of_each_personal_field(client):
    body = client.get("/privacy/").content.decode()
    for field in [
        "メールアドレス",
        "表示名とふりがな",
        "職員認証",
        "視察申込の連絡先",
        "二要素認証",
    ]:
        assert field in body
    assert "利用目的" in body


def test_password_reset_requests_for_one_address_answer_429_after_the_limit(client, member):
    for _attempt in range(3):
        assert client.post("/accounts/password/reset/", {"email": member.email}).status_code == 302
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 429
    assert "しばらく" in response.content.decode()


def test_failures_on_one_account_do_not_lock_out_colleagues_behind_the_same_gateway(
    client, member, other_town_staff
):
    for _attempt in range(6):
        client.post("/accounts/login/", {"login": member.email, "password": "wrong-password"})
    response = client.post(
        "/accounts/login/", {"login": other_town_staff.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
