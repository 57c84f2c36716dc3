"""The permission functions later domains call, for every role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from community.accounts import permissions
from community.municipalities.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def shimotsuma():
    return Municipality.objects.get(code="082104")


def test_visitor_may_do_nothing(shimotsuma):
    visitor = AnonymousUser()
    assert not permissions.is_verified_staff(visitor)
    assert not permissions.may_publish_case_studies(visitor, shimotsuma)
    assert not permissions.may_post_in_staff_boards(visitor)
    assert not permissions.may_host_visits(visitor, shimotsuma)
    assert not permissions.may_moderate(visitor)
    assert not permissions.may_request_verification(visitor)


def test_member_may_ask_for_verification_but_not_publish(member, shimotsuma):
    assert permissions.may_request_verification(member)
    assert not permissions.may_publish_case_studies(member, shimotsuma)
    assert not permissions.may_post_in_staff_boards(member)
    assert not permissions.may_moderate(member)


def test_staff_publish_and_host_only_for_their_own_municipality(
    shimotsuma_staff, other_town_staff, shimotsuma
):
    assert permissions.may_publish_case_studies(shimotsuma_staff, shimotsuma)
    assert permissions.may_host_visits(shimotsuma_staff, shimotsuma)
    assert permissions.may_post_in_staff_boards(shimotsuma_staff)
    assert not permissions.may_publish_case_studies(other_town_staff, shimotsuma)
    assert not permissions.may_host_visits(other_town_staff, shimotsuma)
    assert permissions.may_post_in_staff_boards(other_town_staff)
    assert not permissions.may_moderate(shimotsuma_staff)
    assert not permissions.may_request_verification(shimotsuma_staff)


def test_moderator_moderates_and_reads_staff_boards_but_publishes_for_nobody(moderator, shimotsuma):
    permissions.mark_session_level(moderator, second_factor=True)  # as after log-in with TOTP
    assert permissions.may_moderate(moderator)
    assert permissions.may_post_in_staff_boards(moderator)
    assert not permissions.may_publish_case_studies(moderator, shimotsuma)


def test_staff_need_two_factor_before_the_wagtail_admin(client_for, shimotsuma_staff, with_totp):
    response = client_for(shimotsuma_staff).get("/cms/", follow=True)
    assert any(
        url.startswith("/accounts/2fa/totp/activate/") for url, _status in response.redirect_chain
    )
    with_totp(shimotsuma_staff)
    assert client_for(shimotsuma_staff).get("/cms/").status_code == 200


def test_members_cannot_enter_the_wagtail_admin(client, client_for, member):
    response = client_for(member).get("/cms/", follow=True)
    assert response.status_code == 403
    response = client.get("/cms/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
