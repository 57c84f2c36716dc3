"""Seeded questions and answers for load tests, posted through the forum's own
services (search indexing, follows and notifications included). A handful of
questions get 30+ answers, like the busiest real threads."""

import json

from community.accounts.models import User

from . import services
from .demo import CONTENT
from .models import Board, Question


def seed_questions(scale: float, rng, stdout) -> dict:
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
    for number in range(existing, target):
        template = rng.choice(templates)
        board = boards.get(template["board"]) or rng.choice(public_boards)
        authors = staff if board.staff_only else members
        asker = rng.choice(authors)
        question = services.ask_question(
            asker,
            board=board,
            title=f"{template['title']}（{number}）",
            body=template["body"],
            tags=template.get("tags", [])[:5],
        )
        answer_count = 32 if number % 500 == 0 else rng.choice([0, 1, 2, 3, 3, 4, 5])
        answers = []
        for index in range(answer_count):
            source = template["answers"][index % len(template["answers"])]
            author = rng.choice(authors)
            answers.append(services.post_answer(question, author=author, body=source["body"]))
        if answers and number % 3 == 0 and answers[0].author_id != asker.pk:
            services.accept_answer(question, answers[0], actor=asker)
        for answer in answers[:2]:
            voter = rng.choice(authors)
            if voter.pk != answer.author_id:
                services.toggle_vote(answer, member=voter, helpful=True)
        if (number + 1) % 1000 == 0:
            stdout.write(f"  questions: {number + 1}/{target}")
    return {"questions": Question.objects.count()}
