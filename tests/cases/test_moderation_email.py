"""The email Wagtail sends a moderator when a case study is submitted for review reads
in Japanese for a Japanese reader (its catalogue leaves the workflow messages in
English; ours translates them), and in English for one who chose English."""

import pytest
from django.core import mail
from wagtail.users.models import UserProfile

from casestudies.cases.models import CaseStudyPage

from .test_publishing import add_url, case_form

pytestmark = pytest.mark.django_db


def submit_and_read_the_moderator_s_email(client_for, with_totp, staff, moderator, index_page):
    from django.test import TestCase

    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_for(with_totp(staff)).post(add_url(index_page), case_form())
    case = CaseStudyPage.objects.get(slug="smartphone-kosodate")
    assert case.current_workflow_task_state is not None  # submitted, waiting for review
    to_moderator = [m for m in mail.outbox if moderator.email in m.to]
    assert to_moderator, [m.to for m in mail.outbox]
    return case, to_moderator[0]


def test_the_moderator_s_email_is_in_japanese(
    client_for, with_totp, shimotsuma_staff, moderator, index_page
):
    case, email = submit_and_read_the_moderator_s_email(
        client_for, with_totp, shimotsuma_staff, moderator, index_page
    )
    assert f"ページ「{case.title}」" in email.subject
    assert f"ページ「{case.title}」が" in email.body
    assert "承認ステップ" in email.body or "ワークフロー" in email.body
    assert "has been submitted" not in email.body and "moderation" not in email.body
    assert f"/cms/pages/{case.pk}/edit/" in email.body


def test_a_moderator_who_chose_english_reads_it_in_english(
    client_for, with_totp, shimotsuma_staff, moderator, index_page
):
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = "en"
    profile.save()
    case, email = submit_and_read_the_moderator_s_email(
        client_for, with_totp, shimotsuma_staff, moderator, index_page
    )
    assert f'The page "{case.title}" has been submitted' in email.body
