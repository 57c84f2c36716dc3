import pytest

from casestudies.demo import accounts, forum, notices
from community.forum.models import Question
from community.notices.models import Notice, NoticeCitation

pytestmark = pytest.mark.django_db


def test_demo_answers_cite_notices_and_the_superseded_edition_warns(client):
    accounts.load()
    forum.load()
    notices.load()
    notices.load()  # twice: nothing doubles
    assert Notice.objects.count() == len(notices.NOTICES)
    assert NoticeCitation.objects.count() == 2
    plan = Question.objects.get(title__startswith="DX 推進計画、人口 1 万人未満")
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "推進計画【第2.2版】" in page
    assert "この通知は新しい通知に置き換えられました" in page
    assert "推進計画【第3.0版】" in page  # what replaced it
    listed = client.get("/notices/").content.decode()
    assert "行政の進化と革新のための生成AIの調達・利活用に係るガイドライン" in listed
