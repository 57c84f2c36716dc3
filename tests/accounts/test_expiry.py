import datetime

import pytest
from django.utils import timezone

from community.accounts.permissions import may_publish_case_studies
from community.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def expire(user):
    past = timezone.now() - datetime.timedelta(minutes=1)
    user.verifications.update(expires_at=past)
    user.staff_until = past
    user.save(update_fields=["staff_until"])


def test_an_expired_verification_removes_staff_rights_on_the_next_request(
    client_for, shimotsuma_staff
):
    assert may_publish_case_studies(shimotsuma_staff, shimotsuma_staff.staff_municipality)
    expire(shimotsuma_staff)
    client_for(shimotsuma_staff).get("/")
    shimotsuma_staff.refresh_from_db()
    assert not shimotsuma_staff.is_verified_staff
    assert shimotsuma_staff.staff_municipality is None
    assert not shimotsuma_staff.groups.filter(name="認証済み職員").exists()
    assert not may_publish_case_studies(shimotsuma_staff)
    assert AuditEntry.objects.filter(
        action="verification.expired", target_id=str(shimotsuma_staff.pk)
    ).exists()
    assert shimotsuma_staff.is_active  # the account and posts stay


def test_expiry_is_checked_without_a_query_while_valid(full_renders, client_for, shimotsuma_staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(shimotsuma_staff)
    client.get("/municipalities/082104/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/municipalities/082104/")
        sql = [query["sql"] for query in queries.captured_queries]
    assert sql  # the page did run queries …
    assert not any(
        "accounts_staffverification" in statement for statement in sql
    )  # … but none for expiry


def test_reconfirming_an_official_address_renews(shimotsuma_staff):
    from community.accounts.services import verify_by_email

    expire(shimotsuma_staff)
    verify_by_email(shimotsuma_staff, shimotsuma_staff.email)
    shimotsuma_staff.refresh_from_db()
    assert shimotsuma_staff.is_verified_staff
    assert shimotsuma_staff.staff_until > timezone.now() + datetime.timedelta(days=364)


def test_the_period_is_configurable(settings, member):
    from community.accounts.services import verify_by_email

    settings.YOKOTEN_VERIFICATION_DAYS = 30
    verify_by_email(member, "member@city.shimotsuma.lg.jp")
    member.refresh_from_db()
    assert (member.staff_until - timezone.now()).days == 29
