"""Shared fixtures. The registry of all 1,788 local governments is loaded once
per test database (every test then runs inside a rolled-back transaction), so
tests query the real data: 下妻市 is 082104 with 42,071 people."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_municipalities", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Japanese: a request to an /en/ page leaves English
    active in the thread, which would leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def full_renders(settings):
    """Every request renders in full, the page cache off: for tests that count the
    queries of a render rather than of a cache hit. The suite otherwise runs with
    the production cache policy, page cache included."""
    settings.YOKOTEN_PAGE_CACHE = False


@pytest.fixture
def session_query() -> int:
    """What reading a signed-in request's session costs in queries: its row, unless
    sessions are read from their copy in Redis (community/accounts/sessions.py: the
    suite run with REDIS_URL)."""
    from community.accounts.sessions import reads_copies

    return 0 if reads_copies() else 1


@pytest.fixture
def shimotsuma(db):
    from community.municipalities.models import Municipality

    return Municipality.objects.select_related("prefecture").get(code="082104")


# --- The cast: anonymous, member (unverified), staff of 下妻市, staff of another
# town (山形県 飯豊町, about 6,200 people), moderator. ---------------------------


def make_member(email: str, *, name: str = "", verified_email: bool = True, **fields):
    from allauth.account.models import EmailAddress

    from community.accounts.models import User
    from community.accounts.services import verify_by_email

    user = User.objects.create_user(
        email=email, password="correct-horse-battery", display_name=name, **fields
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified_email, primary=True)
    if verified_email:
        verify_by_email(user, email)
    return user


@pytest.fixture
def member(db):
    return make_member("member@example.com", name="山口 陽菜")


@pytest.fixture
def shimotsuma_staff(db):
    return make_member("ishizuka@city.shimotsuma.lg.jp", name="石塚 美咲", department="DX推進課")


@pytest.fixture
def other_town_staff(db):
    return make_member("sato@town.iide.yamagata.jp", name="佐藤 健太")


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


def activate_totp(user):
    """Give ``user`` a TOTP device (moderators and CMS users need one), once."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TOTP_SECRET)
    return user


def make_moderator(email: str = "moderator@yokoten.example", *, totp: bool = True, **fields):
    from django.contrib.auth.models import Group

    from community.accounts.permissions import MODERATOR_GROUP

    user = make_member(email, **fields)
    user.groups.add(Group.objects.get(name=MODERATOR_GROUP))
    return activate_totp(user) if totp else user


@pytest.fixture
def moderator(db):
    """A moderator as they work in production: with TOTP set up."""
    return make_moderator(name="森田 千尋")


@pytest.fixture
def moderator_without_totp(db):
    return make_moderator("new-moderator@yokoten.example", name="新井 遥", totp=False)


@pytest.fixture
def with_totp():
    return activate_totp


def sign_in(client, user, *, second_factor: bool | None = None) -> None:
    """Sign ``client`` in as allauth would: a password, then the TOTP code when the
    member has set TOTP up (``second_factor=False``: a session that stopped at the
    password, as the old admin log-in pages made)."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.test import RequestFactory

    from community.accounts.session_level import mark_signed_in_by_allauth

    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    mark_signed_in_by_allauth(request)
    record_authentication(request, user, "password", email=user.email)
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if second_factor is None:
        second_factor = totp is not None
    if second_factor:
        record_authentication(request, user, "mfa", id=getattr(totp, "pk", None), type="totp")
    request.session.save()


@pytest.fixture
def client_for(client):
    """A client signed in (through allauth's steps) as a member of the cast, or
    anonymous for None; see ``sign_in``."""
    from django.test import Client

    def login(user, *, second_factor: bool | None = None):
        new_client = Client()
        if user is not None:
            sign_in(new_client, user, second_factor=second_factor)
        return new_client

    return login


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached fragments never leak between tests, nor the
    もしかして vocabulary a process keeps beside the cache (a test's rolled-back titles)."""
    from django.core.cache import cache

    from community.search import suggest

    cache.clear()
    suggest.forget_vocabulary()
    yield
    cache.clear()
    suggest.forget_vocabulary()


@pytest.fixture(autouse=True)
def _email_through_the_outbox(settings):
    """Django's test set-up swaps EMAIL_BACKEND for its in-memory one; put the outbox
    back, so every test's email takes the production path (delivered to the in-memory
    outbox by the queue's task, once the transaction commits)."""
    settings.EMAIL_BACKEND = "community.mail.backend.OutboxBackend"


@pytest.fixture
def task_queue(settings, monkeypatch):
    """The production queue: tasks become rows (django-tasks' database backend) and
    nothing runs until the test runs the worker. Returns the worker: ``task_queue()``
    runs every task that is due, in this process, then returns how many ran."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker drops connections left outside autocommit; the test's own transaction is one.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def run_worker() -> int:
        before = DBTaskResult.objects.finished().count()
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()
        return DBTaskResult.objects.finished().count() - before

    return run_worker


@pytest.fixture
def time_passes():
    """``time_passes(minutes=…)``: what was due that much later is due now (queued
    tasks and waiting emails move back in time; the clock stays)."""
    import datetime

    from django.db.models import F
    from django_tasks_db.models import DBTaskResult, get_date_max

    from community.mail.models import OutgoingEmail

    def shift(**delta):
        delta = datetime.timedelta(**delta)
        DBTaskResult.objects.exclude(run_after=get_date_max()).update(
            run_after=F("run_after") - delta
        )
        DBTaskResult.objects.update(enqueued_at=F("enqueued_at") - delta)
        OutgoingEmail.objects.update(
            next_attempt_at=F("next_attempt_at") - delta, created_at=F("created_at") - delta
        )
        OutgoingEmail.objects.exclude(claimed_at=None).update(claimed_at=F("claimed_at") - delta)

    return shift
