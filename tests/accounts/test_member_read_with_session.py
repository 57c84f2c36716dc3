"""After an emptied cache, a signed-in request reads its session with the member's row,
permissions and unread count in one query (community/accounts/sessions.py): whatever
changed in the database meanwhile shows on that very request."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.accounts import sessions
from community.accounts.models import User
from community.notifications.models import Notification
from tests.conftest import make_member

pytestmark = pytest.mark.django_db

OWN_PAGE = "/accounts/email/"  # a member's own page: anyone else is sent to log in


def warm(client) -> None:
    """A request before: the process learns whose session it is."""
    assert client.get(OWN_PAGE).status_code == 200


def test_the_session_and_the_member_are_one_query_on_an_emptied_cache(client_for, member):
    client = client_for(member)
    warm(client)
    cache.clear()
    with CaptureQueriesContext(connection) as counted:
        assert client.get(OWN_PAGE).status_code == 200
    reads = [q["sql"] for q in counted.captured_queries if "django_session" in q["sql"]]
    assert len(reads) == 1
    assert "accounts_user" in reads[0] and "auth_permission" in reads[0]
    others = [q["sql"] for q in counted.captured_queries if "django_session" not in q["sql"]]
    assert not [sql for sql in others if "accounts_user" in sql or "notifications_" in sql]


def test_a_member_deactivated_meanwhile_is_signed_out(client_for, member):
    client = client_for(member)
    warm(client)
    User.objects.filter(pk=member.pk).update(is_active=False)  # no retirement: a bare update
    cache.clear()
    assert client.get(OWN_PAGE).status_code == 302


def test_a_session_signed_out_elsewhere_stays_signed_out(client_for, member):
    client = client_for(member)
    warm(client)
    Session.objects.filter(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).delete()
    cache.clear()
    assert client.get(OWN_PAGE).status_code == 302


def test_the_unread_count_read_with_the_member_is_the_current_one(client_for, member):
    client = client_for(member)
    warm(client)
    Notification.objects.bulk_create(
        [
            Notification(recipient=member, kind="forum_answer", event_key=f"e{n}", target=member)
            for n in range(3)
        ]
    )  # a bulk insert: no signal retires the cached count
    cache.clear()
    assert "3 unread" in client.get("/en/forum/").content.decode()


def test_a_wrong_guess_of_whose_session_it_is_reads_the_right_member(client_for, member):
    other = make_member("other@example.com", name="別の 会員")
    client = client_for(member)
    warm(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    sessions._members[key] = str(other.pk)
    cache.clear()
    page = client.get(OWN_PAGE).content.decode()
    assert member.email in page and other.email not in page
