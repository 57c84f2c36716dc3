"""Demo Q&A: questions and answers written for the demo (casestudies/demo/content/forum.json),
asked from towns of every size, posted through the same services the site
uses. Idempotent: a question that exists (same author, same title) is skipped.

Authors are the demo accounts of community/accounts/demo.py and extra demo
staff of real small towns, verified through each town's official domain
(forum-demo-N@<domain>). Nobody is emailed while the demo loads.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from allauth.account.models import EmailAddress
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from casestudies.demo.accounts import MEMBER, MODERATOR, SHIMOTSUMA_STAFF, SMALL_TOWN_STAFF
from casestudies.demo.accounts import ensure_account as ensure_demo_account
from community.accounts.models import User
from community.accounts.services import verify_by_email
from community.forum import services
from community.forum.models import Answer, Board, Comment, Question, Revision
from community.municipalities.models import Municipality
from community.notifications.models import Notification
from community.notifications.services import announcing_inline

CONTENT = Path(__file__).resolve().parent / "content" / "forum.json"
DEMO_PASSWORD = "demo-forum-2026"  # noqa: S105 (public, demo only)
EXISTING = {
    "shimotsuma": SHIMOTSUMA_STAFF,
    "iide": SMALL_TOWN_STAFF,
    "member": MEMBER,
    "moderator": MODERATOR,
}


@dataclass(frozen=True)
class ForumDemoAccount:
    """Printed by load_demo like the other demo accounts."""

    email: str
    password: str
    role: str


def _demo_author(number: int, spec: dict) -> User:
    municipality = Municipality.objects.select_related("prefecture").get(code=spec["municipality"])
    domain = municipality.domains.order_by("domain_length").first()
    email = f"forum-demo-{number}@{domain.domain if domain else 'example.com'}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            display_name=spec["name"],
            department=spec.get("department", ""),
            job_title=spec.get("title", ""),
            bio=spec.get("bio", ""),
            profile_visibility="public",
            municipality=municipality,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        verify_by_email(user, email)
    return user


def _authors(specs: list[dict]) -> dict[str, User]:
    authors = {key: ensure_demo_account(account) for key, account in EXISTING.items()}
    for number, spec in enumerate(specs, start=1):
        authors[spec["key"]] = _demo_author(number, spec)
    return authors


def _backdate(question: Question, when: datetime.datetime, posts: list) -> None:
    """Spread the demo over past weeks: the question, its posts and their notifications."""
    Question.objects.filter(pk=question.pk).update(created_at=when, last_activity_at=when)
    Revision.objects.filter(question=question, answer=None).update(created_at=when)
    Notification.objects.filter(event_key=f"forum.question.{question.pk}").update(created_at=when)
    latest = when
    for post, moment in posts:
        type(post).objects.filter(pk=post.pk).update(created_at=moment)
        if isinstance(post, Answer):
            Revision.objects.filter(answer=post).update(created_at=moment)
            Notification.objects.filter(event_key=f"forum.answer.{post.pk}").update(
                created_at=moment
            )
        latest = max(latest, moment)
    Question.objects.filter(pk=question.pk).update(last_activity_at=latest)
    Notification.objects.filter(event_key__startswith=f"forum.accepted.{question.pk}.").update(
        created_at=latest
    )


def _comment(question, spec, authors, when, answer=None) -> tuple[Comment, datetime.datetime]:
    comment = services.post_comment(
        question, author=authors[spec["author"]], body=spec["body"], answer=answer
    )
    return comment, when + datetime.timedelta(hours=spec.get("hours", 3))


def _load_question(spec: dict, authors: dict[str, User], boards: dict[str, Board], now) -> bool:
    author = authors[spec["author"]]
    if Question.objects.filter(author=author, title=spec["title"]).exists():
        return False
    question = services.ask_question(
        author,
        board=boards[spec["board"]],
        title=spec["title"],
        body=spec["body"],
        tags=spec.get("tags", []),
    )
    asked = now - datetime.timedelta(days=spec["days_ago"], hours=spec.get("hour_offset", 0))
    posts = []
    for voter in spec.get("votes", []):
        services.toggle_vote(question, member=authors[voter], helpful=True)
    for comment_spec in spec.get("comments", []):
        posts.append(_comment(question, comment_spec, authors, asked))
    for answer_spec in spec.get("answers", []):
        answered = asked + datetime.timedelta(hours=answer_spec.get("hours", 6))
        answer = services.post_answer(
            question, author=authors[answer_spec["author"]], body=answer_spec["body"]
        )
        posts.append((answer, answered))
        for voter in answer_spec.get("votes", []):
            services.toggle_vote(answer, member=authors[voter], helpful=True)
        for comment_spec in answer_spec.get("comments", []):
            posts.append(_comment(question, comment_spec, authors, answered, answer))
        if answer_spec.get("accepted"):
            services.accept_answer(question, answer, actor=author)
    _backdate(question, asked, posts)
    return True


def load(stdout=None) -> list:
    content = json.loads(CONTENT.read_text(encoding="utf-8"))
    now = timezone.now()
    # The demo posts through the real services; their emails go nowhere.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        announcing_inline(),  # the inbox items exist at once, to be backdated
        transaction.atomic(),
    ):
        authors = _authors(content["authors"])
        boards = {board.slug: board for board in Board.objects.all()}
        added = sum(_load_question(spec, authors, boards, now) for spec in content["questions"])
        # Older news has been read; the last few days stay unread in the demo inboxes.
        Notification.objects.filter(
            read_at__isnull=True, created_at__lt=now - datetime.timedelta(days=3)
        ).update(read_at=now)
    if stdout is not None:
        stdout.write(
            f"Forum: {added} demo questions added "
            f"({Question.objects.count()} questions in {len(boards)} boards)."
        )
    first = User.objects.get(email__startswith="forum-demo-1@")
    return [
        ForumDemoAccount(
            first.email,
            DEMO_PASSWORD,
            f"認証済み職員（{first.municipality.name}）/ forum demo staff; "
            f"forum-demo-2… share the password",
        )
    ]
