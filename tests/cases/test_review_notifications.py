"""A moderator's decision on a submitted case study reaches its submitter through the
one notification system (inbox, and one email as the member chose; Wagtail's own
decision email is replaced, not doubled), with the moderator's comment and a link
to the page in the CMS."""

import pytest
from django.core import mail

from casestudies.cases.models import CaseStudyPage
from casestudies.knowledge.notifications import REVIEW
from community.notifications.models import Notification

from .test_publishing import add_url, case_form

pytestmark = pytest.mark.django_db


def submitted(client_for, with_totp, staff, index_page) -> CaseStudyPage:
    client_for(with_totp(staff)).post(add_url(index_page), case_form())
    return CaseStudyPage.objects.get(slug="smartphone-kosodate")


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("approve", "森田 千尋さんが「{title}」を承認しました"),
        ("reject", "森田 千尋さんが「{title}」を差し戻しました"),
    ],
)
def test_the_submitter_hears_the_decision_with_the_comment_once(
    client_for, with_totp, shimotsuma_staff, moderator, index_page,
    django_capture_on_commit_callbacks, action, message,
):  # fmt: skip
    case = submitted(client_for, with_totp, shimotsuma_staff, index_page)
    task_state = case.current_workflow_task_state
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(with_totp(moderator)).post(
            f"/cms/pages/workflow/action/{case.pk}/{action}/{task_state.pk}/",
            {"comment": "数値の出典を追記してください。"},
        )
    item = Notification.objects.get(recipient=shimotsuma_staff)
    assert item.kind == REVIEW
    assert item.message == message.format(title=case.title)
    assert item.excerpt == "数値の出典を追記してください。"
    assert item.url == f"/cms/pages/{case.pk}/edit/"
    to_submitter = [m for m in mail.outbox if m.to == [shimotsuma_staff.email]]
    assert len(to_submitter) == 1 and "数値の出典を追記してください。" in to_submitter[0].body
    response = client_for(with_totp(shimotsuma_staff)).get(f"/notifications/{item.pk}/open/")
    assert response["Location"] == f"/cms/pages/{case.pk}/edit/"
