"""One way in, and powers only for sessions that passed the second factor.

Every log-in page (allauth's, Wagtail's admin and private-page log-ins, the
Django admin's) leads through allauth: email confirmation, rate limits, TOTP. A
session that has not passed the second factor holds none of the powers that need
it (community/accounts/permissions.py: moderation anywhere, revocation, private
visit requests, others' posts, the CMS, the Django admin); a moderator without
TOTP is sent to set it up before any of them.
"""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from community.accounts import permissions
from community.forum import services as forum
from community.forum.models import Answer, Board, Question
from community.visits import services as visits
from tests.conftest import TOTP_SECRET, activate_totp, make_member
from tests.visits.conftest import details, make_offer

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
LOG_IN_PAGES = ["/accounts/login/", "/_util/login/", "/cms/login/", "/django-admin/login/"]
TOTP_SET_UP = "/accounts/2fa/totp/activate/"
ENTER_A_CODE = "/accounts/2fa/reauthenticate/"


def totp_code() -> str:
    """The code an authenticator app shows now (allauth accepts each code once)."""
    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))


@pytest.fixture
def site_admin(db):
    return make_member("admin@yokoten.example", name="運営事務局", is_staff=True, is_superuser=True)


class World:
    """One thing of each kind that only a second-factor power reaches."""

    def __init__(self, staff, visitor):
        self.staff = staff
        self.secret = forum.ask_question(
            staff,
            board=Board.objects.get(slug="security"),
            title="庁内ネットワーク分離の例外申請",
            body="例外申請の様式はどうしていますか。",
        )
        public = forum.ask_question(
            staff,
            board=Board.objects.get(slug="kintone-nocode"),
            title="kintone のアクセス権",
            body="課ごとに分けたいです。",
        )
        self.answer = forum.post_answer(public, author=visitor, body="グループ単位です。")
        offer = make_offer(staff)
        self.visit = visits.request_visit(
            offer, requester=visitor, details=details(offer), consent=True
        )

    def pages(self) -> dict[str, str]:
        """Pages each of which only a power opens (a 200 means the power was used)."""
        return {
            "verification queue": "/moderation/verifications/",
            "forum moderation": "/moderation/forum/",
            "revocation": f"/members/{self.staff.pk}/revoke/",
            "hiding a post": f"/moderation/forum/answer/{self.answer.pk}/hide/",
            "editing another's post": f"/forum/answers/{self.answer.pk}/edit/",
            "a private visit request": f"/visits/requests/{self.visit.pk}/",
            "a staff-only question": f"/forum/questions/{self.secret.pk}/",
            "the CMS": "/cms/",
            "the CMS's page API": "/cms/api/main/pages/",
            "the Django admin": "/django-admin/",
        }

    def act(self, client) -> None:
        """Try the powers that change something; ``assert_unchanged`` checks after."""
        client.post(f"/members/{self.staff.pk}/revoke/", {"reason": "異動"})
        client.post(f"/moderation/forum/answer/{self.answer.pk}/hide/", {"reason": "spam"})
        client.post(f"/forum/answers/{self.answer.pk}/edit/", {"body": "書き換えました。"})

    def assert_unchanged(self) -> None:
        self.staff.refresh_from_db()
        assert self.staff.is_verified_staff
        answer = Answer.objects.get(pk=self.answer.pk)
        assert not answer.is_hidden
        assert answer.body == "グループ単位です。"

    def reached(self, client) -> list[str]:
        return [name for name, url in self.pages().items() if client.get(url).status_code == 200]


@pytest.fixture
def world(shimotsuma_staff, other_town_staff):
    return World(shimotsuma_staff, other_town_staff)


def log_in(page: str, email: str) -> Client:
    """Post an email address and its right password to a log-in page, in the
    field names each kind of form uses."""
    client = Client()
    client.post(page, {"login": email, "username": email, "password": PASSWORD})
    return client


def is_signed_in(client) -> bool:
    return client.get("/members/me/").status_code == 200


# --- One way in ---------------------------------------------------------------


@pytest.mark.parametrize("page", LOG_IN_PAGES)
def test_a_password_alone_on_any_log_in_page_reaches_no_power(page, site_admin, world):
    activate_totp(site_admin)
    client = log_in(page, site_admin.email)
    assert not is_signed_in(client)  # allauth waits for the code; the others sign nobody in
    assert world.reached(client) == []
    world.act(client)
    world.assert_unchanged()


@pytest.mark.parametrize("page", LOG_IN_PAGES)
def test_a_site_admin_without_totp_signed_in_by_password_reaches_no_power(page, site_admin, world):
    client = log_in(page, site_admin.email)
    assert world.reached(client) == []
    world.act(client)
    world.assert_unchanged()


def test_the_password_and_the_code_reach_every_power(site_admin, world):
    activate_totp(site_admin)
    client = Client()
    response = client.post("/accounts/login/", {"login": site_admin.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert world.reached(client) == list(world.pages())


@pytest.mark.parametrize("page", ["/_util/login/", "/cms/login/", "/django-admin/login/"])
def test_the_other_log_in_pages_lead_to_allauth_s(client, page):
    response = client.get(page, {"next": "/cms/"}, follow=True)
    url, _status = response.redirect_chain[-1]
    assert url.startswith("/accounts/login/")
    assert "next=/cms/" in url or "next=%2Fcms%2F" in url


def test_wagtail_s_own_password_reset_is_gone(client, member):
    assert client.get("/cms/password_reset/").status_code == 404


def test_a_session_not_started_by_allauth_is_signed_out(site_admin):
    activate_totp(site_admin)
    client = Client()
    client.force_login(site_admin)  # as Django's or Wagtail's own log-in views did
    assert not is_signed_in(client)
    assert client.get("/django-admin/").status_code == 302


def test_an_unconfirmed_account_cannot_sign_in_anywhere_or_post(db):
    make_member("new@example.com", verified_email=False)
    response = Client().post("/accounts/login/", {"login": "new@example.com", "password": PASSWORD})
    assert response["Location"].startswith("/accounts/confirm-email/")  # a code is emailed
    for page in LOG_IN_PAGES:
        client = log_in(page, "new@example.com")
        assert not is_signed_in(client), page
        client.post(
            "/forum/ask/",
            {"board": "kintone-nocode", "title": "確認前の投稿", "body": "本文", "tags": "kintone"},
        )
    assert not Question.objects.filter(title="確認前の投稿").exists()


# --- The rule and the session's level -------------------------------------------


def test_powers_are_held_by_moderators_cms_contributors_and_site_admins_only(
    member, shimotsuma_staff, moderator, site_admin
):
    assert not permissions.holds_powers(AnonymousUser())
    assert not permissions.holds_powers(member)
    assert permissions.holds_powers(shimotsuma_staff)  # the CMS
    assert permissions.holds_powers(moderator)
    assert permissions.holds_powers(site_admin)


def test_a_power_works_only_from_a_session_that_passed_the_second_factor(
    shimotsuma_staff, moderator, site_admin
):
    for user in (shimotsuma_staff, moderator, site_admin):
        permissions.mark_session_level(user, second_factor=False)
    assert not permissions.may_moderate(moderator)
    assert not permissions.may_post_in_staff_boards(moderator)
    assert not moderator.has_perm("wagtailadmin.access_admin")
    assert not shimotsuma_staff.has_perm("wagtailadmin.access_admin")
    assert permissions.may_post_in_staff_boards(shimotsuma_staff)  # staff, not a power
    assert not permissions.may_moderate(site_admin)
    assert not permissions.may_use_django_admin(site_admin)
    for user in (shimotsuma_staff, moderator, site_admin):
        permissions.mark_session_level(user, second_factor=True)
    assert permissions.may_moderate(moderator)
    assert moderator.has_perm("wagtailadmin.access_admin")
    assert shimotsuma_staff.has_perm("wagtailadmin.access_admin")
    assert permissions.may_moderate(site_admin)
    assert permissions.may_use_django_admin(site_admin)
    assert not permissions.may_use_django_admin(moderator)


def test_a_member_object_from_outside_a_request_holds_no_power(moderator):
    from community.accounts.models import User

    assert not permissions.may_moderate(User.objects.get(pk=moderator.pk))
    assert permissions.holds_moderator_role(User.objects.get(pk=moderator.pk))


# --- Sent to set it up, or to enter a code ----------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "verification queue",
        "forum moderation",
        "revocation",
        "hiding a post",
        "editing another's post",
        "a private visit request",
        "a staff-only question",
        "the CMS",
    ],
)
def test_a_moderator_without_totp_is_sent_to_set_it_up_before_any_moderator_action(
    client_for, moderator_without_totp, world, name
):
    client = client_for(moderator_without_totp)
    response = client.get(world.pages()[name], follow=True)
    # (allauth asks for the password again before showing the set-up page)
    assert any(url.startswith(TOTP_SET_UP) for url, _status in response.redirect_chain)
    assert "二要素認証を設定してください" in response.content.decode()
    world.act(client)
    world.assert_unchanged()


def test_a_refused_post_continues_on_the_page_it_came_from(
    client_for, moderator_without_totp, world
):
    question_url = world.answer.question.get_absolute_url()
    response = client_for(moderator_without_totp).post(
        f"/moderation/forum/answer/{world.answer.pk}/hide/",
        {"reason": "spam"},
        headers={"referer": f"http://testserver{question_url}"},
    )
    assert response["Location"].startswith(TOTP_SET_UP)
    assert "next=http%3A%2F%2Ftestserver%2Fforum%2Fquestions%2F" in response["Location"]


def test_setting_up_totp_in_the_session_unlocks_the_powers(client_for, moderator_without_totp):
    client = client_for(moderator_without_totp)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})  # allauth asks first
    form = client.get(TOTP_SET_UP).context["form"]
    code = format_hotp_value(hotp_value(form.secret, int(time.time()) // 30))
    response = client.post(TOTP_SET_UP, {"code": code})
    assert response.status_code == 302, response.context["form"].errors
    assert client.get("/moderation/verifications/").status_code == 200


def test_a_moderator_with_totp_and_a_password_only_session_enters_a_code(client_for, moderator):
    client = client_for(moderator, second_factor=False)
    response = client.get("/moderation/verifications/")
    assert response["Location"] == f"{ENTER_A_CODE}?next=%2Fmoderation%2Fverifications%2F"
    response = client.post(response["Location"], {"code": totp_code()})
    assert response["Location"] == "/moderation/verifications/"
    assert client.get("/moderation/verifications/").status_code == 200


def test_a_member_without_powers_is_refused_not_sent_to_set_up_totp(client_for, member, world):
    client = client_for(member)
    assert client.get("/moderation/verifications/").status_code == 403
    assert client.get(world.pages()["a private visit request"]).status_code == 404
    assert client.get("/members/me/second-factor/?next=/cms/").status_code == 403
