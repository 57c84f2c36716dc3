"""Every email waits in the outbox until the queue's worker hands it to the mail
server: queued with the change it announces, retried with backoff while the server
is down, sent once when it answers, never twice, and left for an administrator
(with the queue's health saying so) when it never does."""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from community.mail.models import OutgoingEmail, Status
from community.mail.services import sweep
from yokoten.tasks import health

from .backends import SwitchableEmailBackend, mail_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def switchable_mail_server(settings):
    settings.EMAIL_DELIVERY_BACKEND = "tests.mail.backends.SwitchableEmailBackend"
    mail_server(up=True)
    SwitchableEmailBackend.refused = 0
    yield
    mail_server(up=True)


def queue_three_emails():
    for number in range(3):
        send_mail(f"お知らせ {number}", "本文", None, [f"staff{number}@town.example.jp"])


def test_an_email_is_queued_with_the_change_and_sent_by_the_worker(task_queue):
    with transaction.atomic():
        send_mail("視察のお知らせ", "本文です。", None, ["dx@city.shimotsuma.lg.jp"])
    email = OutgoingEmail.objects.get()
    assert email.status == Status.WAITING and email.recipients == "dx@city.shimotsuma.lg.jp"
    assert DBTaskResult.objects.ready().count() == 1  # the delivery, queued with the row
    assert mail.outbox == []  # nobody talked to a mail server yet

    assert task_queue() == 1
    assert [message.subject for message in mail.outbox] == ["視察のお知らせ"]
    email.refresh_from_db()
    assert email.status == Status.SENT and email.attempts == 1 and email.sent_at


def test_a_change_that_is_rolled_back_sends_nothing(task_queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("届かないお知らせ", "本文", None, ["dx@city.shimotsuma.lg.jp"])
        raise RuntimeError("the change failed")
    assert not OutgoingEmail.objects.exists() and not DBTaskResult.objects.exists()
    task_queue()
    assert mail.outbox == []


def test_with_the_mail_server_down_emails_wait_and_go_out_once_when_it_returns(
    task_queue, time_passes, switchable_mail_server
):
    mail_server(up=False)
    queue_three_emails()
    assert task_queue() == 3
    assert SwitchableEmailBackend.refused == 3 and mail.outbox == []
    waiting = OutgoingEmail.objects.all()
    assert {(email.status, email.attempts) for email in waiting} == {(Status.WAITING, 1)}
    assert all("Connection refused" in email.last_error for email in waiting)

    assert task_queue() == 0  # the retries wait a minute
    time_passes(minutes=1)
    assert task_queue() == 3
    assert SwitchableEmailBackend.refused == 6
    assert set(OutgoingEmail.objects.values_list("attempts", flat=True)) == {2}

    mail_server(up=True)
    assert task_queue() == 0  # the next attempt is two minutes later
    time_passes(minutes=2)
    task_queue()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "staff0@town.example.jp",
        "staff1@town.example.jp",
        "staff2@town.example.jp",
    ]
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.SENT}

    # Nothing goes out twice: not after more time, another sweep or a stray delivery.
    time_passes(hours=2)
    sweep()
    task_queue()
    assert len(mail.outbox) == 3


def test_two_deliveries_of_one_email_send_it_once(task_queue):
    from community.mail.tasks import deliver_email

    send_mail("一度だけ", "本文", None, ["dx@city.shimotsuma.lg.jp"])
    deliver_email.enqueue(OutgoingEmail.objects.get().pk)  # say, the sweep and the original
    assert task_queue() == 2
    assert len(mail.outbox) == 1


def test_an_email_that_never_gets_through_is_left_for_an_administrator(
    task_queue, time_passes, switchable_mail_server, settings
):
    settings.YOKOTEN_EMAIL_MAX_ATTEMPTS = 2
    mail_server(up=False)
    send_mail("届かない", "本文", None, ["dx@city.shimotsuma.lg.jp"])
    task_queue()
    time_passes(minutes=1)
    task_queue()
    email = OutgoingEmail.objects.get()
    assert email.status == Status.FAILED and email.attempts == 2
    assert DBTaskResult.objects.failed().count() == 1
    assert health().failed == 1  # /healthz and the admin see it

    time_passes(days=1)
    sweep()
    assert task_queue() == 0  # a failed email waits for a person: no more attempts
    assert SwitchableEmailBackend.refused == 2


def test_an_administrator_lists_failed_emails_and_sends_them_again(
    task_queue, switchable_mail_server, settings, client_for, with_totp, django_user_model
):
    settings.YOKOTEN_EMAIL_MAX_ATTEMPTS = 1
    mail_server(up=False)
    send_mail("再送するお知らせ", "本文", None, ["dx@city.shimotsuma.lg.jp"])
    task_queue()
    admin = with_totp(
        django_user_model.objects.create_superuser(email="admin@yokoten.example", password="x" * 12)
    )
    client = client_for(admin)
    page = client.get("/django-admin/mail/outgoingemail/", {"status__exact": "failed"})
    assert page.status_code == 200 and "再送するお知らせ" in page.content.decode()

    mail_server(up=True)
    email = OutgoingEmail.objects.get()
    response = client.post(
        "/django-admin/mail/outgoingemail/",
        {"action": "send_again", "_selected_action": [email.pk]},
    )
    assert response.status_code == 302
    task_queue()
    assert [message.subject for message in mail.outbox] == ["再送するお知らせ"]


@pytest.mark.parametrize("who", ["anonymous", "moderator", "shimotsuma_staff"])
def test_only_administrators_see_the_outbox(request, client_for, with_totp, who):
    user = None if who == "anonymous" else with_totp(request.getfixturevalue(who))
    send_mail("個人宛てのお知らせ", "本文", None, ["someone@example.jp"])
    response = client_for(user).get("/django-admin/mail/outgoingemail/")
    assert response.status_code == 302  # to the admin's log-in
    assert "someone@example.jp" not in response.content.decode()


def test_a_send_cut_short_by_a_dead_worker_is_never_repeated_by_itself(time_passes):
    send_mail("途中で止まった", "本文", None, ["dx@city.shimotsuma.lg.jp"])
    email = OutgoingEmail.objects.get()
    # A worker claimed it and died before it could say how the send went.
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=Status.SENDING, claimed_at=email.created_at
    )
    time_passes(minutes=20)
    assert sweep()["interrupted"] == 1
    email.refresh_from_db()
    assert email.status == Status.FAILED and "送信済みかどうか分かりません" in email.last_error


def test_the_sweep_queues_again_an_email_whose_task_was_lost(task_queue, time_passes):
    send_mail("タスクが消えた", "本文", None, ["dx@city.shimotsuma.lg.jp"])
    DBTaskResult.objects.all().delete()  # the web process died between commit and enqueue
    assert sweep()["requeued"] == 0  # not late yet: its task may still be on its way
    time_passes(minutes=5)
    assert sweep()["requeued"] == 1
    assert sweep()["requeued"] == 0  # already queued: not twice
    task_queue()
    assert len(mail.outbox) == 1


def test_the_queue_is_unhealthy_while_no_worker_runs(task_queue, time_passes):
    send_mail("待ち", "本文", None, ["dx@city.shimotsuma.lg.jp"])
    assert health().working and health().ready == 1
    time_passes(minutes=10)
    state = health()
    assert not state.working and state.overdue == 1 and state.oldest_overdue_age_seconds >= 600
    task_queue()
    assert health().working and health().ready == 0
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_html_alternatives_and_attachments_survive_the_queue(task_queue):
    message = EmailMultiAlternatives(
        "視察日程のご案内",
        "テキスト本文",
        None,
        ["dx@city.shimotsuma.lg.jp"],
        cc=["desk@example.jp"],
    )
    message.attach_alternative("<p>HTML本文</p>", "text/html")
    message.attach("visit.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.attach("plan.pdf", b"%PDF-1.4 \x00\x01", "application/pdf")
    message.send()
    task_queue()
    sent = mail.outbox[0]
    assert sent.to == ["dx@city.shimotsuma.lg.jp"] and sent.cc == ["desk@example.jp"]
    assert sent.alternatives == [("<p>HTML本文</p>", "text/html")]
    assert [(name, mimetype) for name, _content, mimetype in sent.attachments] == [
        ("visit.ics", "text/calendar"),
        ("plan.pdf", "application/pdf"),
    ]
    assert sent.attachments[1][1] == b"%PDF-1.4 \x00\x01"


def test_in_the_test_settings_tasks_run_once_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    """The suite's default (the immediate backend): the same outbox, no worker."""
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("すぐに", "本文", None, ["dx@city.shimotsuma.lg.jp"])
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.get().status == Status.SENT
