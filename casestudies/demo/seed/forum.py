"""Seeded questions and answers for load tests. A handful of questions get 30+
answers, like the busiest real threads.

The plan (who asks what where, who answers, which answer is accepted, who
finds the first two answers helpful) is drawn first; then it is written either

- ``through_services=True``: ``ask_question``, ``post_answer``,
  ``accept_answer`` and ``toggle_vote``, one question and its answers per
  transaction, the search sync deferred to its end (``registry.deferred``).
  About 35 queries per post: an hour at ``--scale 1``;
- or in bulk (the default): the same rows built with the services' own pieces
  (``resolve_tags``, ``asker_municipality_id``, ``audit_entry``,
  ``new_notification``, ``may_view_question``, ``compose_question_text``,
  ``build_entry``) and saved with ``bulk_create``, a batch of questions per
  transaction: questions with their counters, tags, first revisions, follows,
  audit entries, inbox items, votes and search entries. Inbox items meant to be
  emailed at once are marked emailed, as the email step does after commit
  (seeding sends no email: ``seed_demo`` uses the dummy backend). A question
  whose text mentions someone (@name) goes through the services.
  ``tests/home/test_seed_forum.py`` checks that both write identical rows.
"""

import copy
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from django.db import transaction
from django.utils import timezone

from casestudies.demo.forum import CONTENT
from casestudies.demo.seed.bulk import batched, memoised_index_terms
from community.accounts.models import User
from community.audit.models import AuditEntry, audit_entry
from community.forum import services
from community.forum.announce import news_of
from community.forum.markdown import plain_text, render_markdown
from community.forum.mentions import mention_tokens
from community.forum.models import (
    Answer,
    AnswerVote,
    Board,
    Follow,
    ForumTag,
    Question,
    Revision,
    TaggedQuestion,
)
from community.forum.notifications import Kind
from community.forum.permissions import may_view_question
from community.forum.search import compose_question_text
from community.forum.services.posting import asker_municipality_id, resolve_tags
from community.notifications.models import (
    DEFAULT_DELIVERY,
    Delivery,
    EmailPreference,
    Notification,
)
from community.notifications.services import announcing_inline, new_notification
from community.search import registry
from community.search.index import build_entry
from community.search.models import SearchEntry


@dataclass
class Thread:
    number: int
    board: Board
    asker: User
    title: str
    body: str
    tags: list[str]
    answers: list[tuple[User, str]]  # (author, body), in posting order
    accept_first: bool
    voters: list[User]  # one for each of the first two answers (no vote on one's own)

    def texts(self) -> list[str]:
        return [f"{self.title}\n{self.body}", *(body for _author, body in self.answers)]


def plan_threads(scale: float, rng) -> list[Thread]:
    target = int(20_000 * scale)
    content = json.loads(CONTENT.read_text(encoding="utf-8"))
    templates = [q for q in content["questions"] if q.get("answers")]
    boards = {board.slug: board for board in Board.objects.all()}
    public_boards = [board for board in boards.values() if not board.staff_only]
    members = list(
        User.objects.filter(email__startswith="seed-").select_related("staff_municipality")[:3_000]
    )
    staff = [member for member in members if member.is_verified_staff]
    existing = Question.objects.filter(author__email__startswith="seed-").count()
    threads = []
    for number in range(existing, target):
        template = rng.choice(templates)
        board = boards.get(template["board"]) or rng.choice(public_boards)
        authors = staff if board.staff_only else members
        asker = rng.choice(authors)
        # Three answers a question on average (60,000 at --scale 1), some unanswered.
        answer_count = 32 if number % 500 == 0 else rng.choice([0, 1, 2, 3, 3, 4, 5, 6])
        answers = []
        for index in range(answer_count):
            source = template["answers"][index % len(template["answers"])]
            answers.append((rng.choice(authors), source["body"]))
        threads.append(
            Thread(
                number=number,
                board=board,
                asker=asker,
                title=f"{template['title']}（{number}）",
                body=template["body"],
                tags=template.get("tags", [])[:5],
                answers=answers,
                accept_first=bool(answers) and number % 3 == 0 and answers[0][0].pk != asker.pk,
                voters=[rng.choice(authors) for _answer in answers[:2]],
            )
        )
    return threads


def seed_questions(scale: float, rng, stdout, *, through_services: bool = False) -> dict:
    write_threads(plan_threads(scale, rng), stdout, through_services=through_services)
    return {"questions": Question.objects.count()}


def write_threads(threads: list[Thread], stdout, *, through_services: bool = False) -> None:
    writer = None if through_services else BulkWriter()
    done = 0
    for batch in batched(threads):
        if writer is None:
            for thread in batch:
                post_through_services(thread)
        else:
            writer.write(batch)
        done += len(batch)
        if done % 1000 < len(batch) or done == len(threads):
            stdout.write(f"  questions: {done}/{len(threads)}")


def post_through_services(thread: Thread) -> Question:
    with transaction.atomic(), registry.deferred(), announcing_inline():
        question = services.ask_question(
            thread.asker, board=thread.board, title=thread.title, body=thread.body, tags=thread.tags
        )
        answers = [
            services.post_answer(question, author=author, body=body)
            for author, body in thread.answers
        ]
        if thread.accept_first:
            services.accept_answer(question, answers[0], actor=thread.asker)
        for answer, voter in zip(answers, thread.voters, strict=False):
            if voter.pk != answer.author_id:
                services.toggle_vote(answer, member=voter, helpful=True)
    return question


WRITTEN_AFTER_ANSWERS = (
    TaggedQuestion, Revision, Follow, AuditEntry, Notification, AnswerVote, SearchEntry
)  # fmt: skip


class BulkWriter:
    """Writes threads as the services would, a batch per transaction."""

    def __init__(self):
        self.html = cache(render_markdown)
        self.text = cache(plain_text)
        self.terms = memoised_index_terms()
        self.tags = {}  # tag names as given → ForumTag list (resolve_tags creates new ones)
        self.get_title = registry.registration_for(Question).get_title
        self.is_public = registry.registration_for(Question).public
        self.deliveries = {
            (pref.member_id, pref.kind): pref.delivery for pref in EmailPreference.objects.all()
        }
        self.board_followers, self.tag_followers = defaultdict(set), defaultdict(set)
        for follow in Follow.objects.filter(question__isnull=True):
            if follow.board_id:
                self.board_followers[follow.board_id].add(follow.member_id)
            else:
                self.tag_followers[follow.tag_id].add(follow.member_id)
        ids = set().union(*self.board_followers.values(), *self.tag_followers.values())
        self.people = {
            member.pk: member
            for member in User.objects.filter(pk__in=ids).select_related("staff_municipality")
        }

    @staticmethod
    def mentions_someone(thread: Thread) -> bool:
        return any(mention_tokens(text) for text in thread.texts())

    def write(self, threads: list[Thread]) -> None:
        run: list[Thread] = []
        for thread in threads:
            if self.mentions_someone(thread):
                self._write(run)
                run = []
                post_through_services(thread)
            else:
                run.append(thread)
        self._write(run)

    def _resolve(self, names: list[str]) -> list[ForumTag]:
        key = tuple(names)
        if key not in self.tags:
            tags = resolve_tags(names)
            # ``question.tags.names()`` has no ORDER BY: the database lists a
            # question's tags in the order they were added, which is this one.
            self.tags[key] = (tags, [tag.name for tag in tags])
        return self.tags[key]

    @transaction.atomic
    def _write(self, threads: list[Thread]) -> None:
        if not threads:
            return
        for thread in threads:
            for member in (thread.asker, *(author for author, _body in thread.answers)):
                self.people.setdefault(member.pk, member)
        tags = [self._resolve(thread.tags) for thread in threads]
        questions, answers = [], []
        for thread in threads:
            question = Question(
                author=thread.asker,
                board=thread.board,
                title=thread.title.strip(),
                municipality_id=asker_municipality_id(thread.asker),
                body=thread.body,
                body_html=self.html(thread.body),
            )
            # The counters as post_answer and accept_answer leave them.
            thread_answers = [
                Answer(question=question, author=author, body=body, body_html=self.html(body))
                for author, body in thread.answers
            ]
            for answer, voter in zip(thread_answers, thread.voters, strict=False):
                answer.vote_count = int(voter.pk != answer.author_id)
            question.answer_count = len(thread_answers)
            if thread_answers:
                question.last_activity_at = thread_answers[-1].created_at
            if thread.accept_first:
                question.last_activity_at = timezone.now()
            questions.append(question)
            answers.append(thread_answers)
        Question.objects.bulk_create(questions)
        for question, thread_answers in zip(questions, answers, strict=True):
            for answer in thread_answers:
                answer.question = question  # now with its pk
            url = question.get_absolute_url()
            question.get_absolute_url = lambda url=url: url  # reversed once, not per inbox item
        Answer.objects.bulk_create(
            [answer for thread_answers in answers for answer in thread_answers]
        )

        # Saved in this order, each list in the order the services would have saved it.
        rows = {model: [] for model in WRITTEN_AFTER_ANSWERS}
        tagged, revisions, follows = rows[TaggedQuestion], rows[Revision], rows[Follow]
        entries, notifications = rows[AuditEntry], rows[Notification]
        votes, index = rows[AnswerVote], rows[SearchEntry]
        accepted_questions = []
        for thread, question, (question_tags, names), thread_answers in zip(
            threads, questions, tags, answers, strict=True
        ):
            asker = thread.asker
            tagged += [TaggedQuestion(content_object=question, tag=tag) for tag in question_tags]
            revisions.append(
                Revision(
                    question=question,
                    number=1,
                    title=question.title,
                    body=question.body,
                    tags=", ".join(names),
                    editor=asker,
                )
            )
            followers = [asker.pk]
            follows.append(Follow(member=asker, question=question))
            entries.append(
                audit_entry(
                    "forum.question_asked", actor=asker, target=question, board=thread.board.slug
                )
            )
            told = self.board_followers[thread.board.pk].union(
                *(self.tag_followers[tag.pk] for tag in question_tags)
            )
            notifications += self._notify(
                told, question, Kind.NEW_QUESTION, f"forum.question.{question.pk}", question, asker
            )
            for answer in thread_answers:
                author = answer.author
                revisions.append(
                    Revision(
                        question=question, answer=answer, number=1, body=answer.body, editor=author
                    )
                )
                if author.pk not in followers:
                    followers.append(author.pk)
                    follows.append(Follow(member=author, question=question))
                entries.append(
                    audit_entry(
                        "forum.answer_posted", actor=author, target=answer, question=question.pk
                    )
                )
                notifications += self._notify(
                    [asker.pk],
                    question,
                    Kind.MY_QUESTION_ANSWERED,
                    f"forum.answer.{answer.pk}",
                    answer,
                    author,
                )
                notifications += self._notify(
                    [pk for pk in followers if pk != asker.pk],
                    question,
                    Kind.NEW_ANSWER,
                    f"forum.answer.{answer.pk}",
                    answer,
                    author,
                )
            if thread.accept_first:
                accepted = thread_answers[0]
                question.accepted_answer = accepted
                accepted_questions.append(question)
                entries.append(
                    audit_entry(
                        "forum.answer_accepted",
                        actor=asker,
                        target=question,
                        answer=accepted.pk,
                        replaced=None,
                    )
                )
                notifications += self._notify(
                    {*followers, accepted.author_id},
                    question,
                    Kind.ACCEPTED,
                    f"forum.accepted.{question.pk}.{accepted.pk}",
                    accepted,
                    asker,
                )
            votes += [
                AnswerVote(member=voter, answer=answer)
                for answer, voter in zip(thread_answers, thread.voters, strict=False)
                if voter.pk != answer.author_id
            ]
            body = compose_question_text(
                question.body_html,
                names,
                [answer.body_html for answer in thread_answers],
                to_text=self.text,
            )
            index.append(
                build_entry(
                    question,
                    title=self.get_title(question),
                    body=body,
                    public=self.is_public(question),
                    analyse=self.terms,
                )
            )
        Question.objects.bulk_update(accepted_questions, ["accepted_answer"])
        for model, objs in rows.items():
            model.objects.bulk_create(objs)

    def _notify(self, member_ids, question, kind, event, post, actor) -> list[Notification]:
        """What ``announce`` hands ``notify`` for a new event: the members (active, in
        id order) who may see the question, the actor excepted."""
        recipients = [
            self.people[pk]
            for pk in sorted(member_ids)
            if pk != actor.pk
            and self.people[pk].is_active
            and not self.people[pk].deleted_at
            and may_view_question(self.people[pk], question)
        ]
        if not recipients:
            return []
        first = new_notification(
            recipients[0].pk,
            kind=kind,
            event=event,
            actor=actor,
            **news_of(question, post, to_text=self.text),
        )
        now = timezone.now()
        items = []
        for member in recipients:
            item = copy.copy(first)  # the same item for each recipient
            item.recipient_id = member.pk
            item.delivery = self.deliveries.get((member.pk, kind), DEFAULT_DELIVERY)
            item.emailed_at = now if item.delivery == Delivery.INSTANT else None
            items.append(item)
        return items
