"""Whoever cites an official notice is asked, once per notice and fiscal year, whether
it still holds when the 年度 changes (a frozen clock: the times are given), and at
once when a moderator marks it superseded."""

import datetime

import pytest
from django.core.management import call_command

from community.forum import services as forum
from community.notices import services
from community.notices.models import JST, NoticeCitation
from community.notifications.models import Notification

pytestmark = pytest.mark.django_db

MARCH_31 = datetime.datetime(2027, 3, 31, 23, 0, tzinfo=JST)
APRIL_1 = datetime.datetime(2027, 4, 1, 0, 30, tzinfo=JST)
APRIL_2 = datetime.datetime(2027, 4, 2, 8, 0, tzinfo=JST)
CITED = datetime.datetime(2026, 10, 5, 10, 0, tzinfo=JST)


def prompts(member) -> list[str]:
    return [
        f"{item.message} / {item.excerpt}"
        for item in Notification.objects.filter(recipient=member, kind="notices_review")
    ]


def cite(question, author, notices, *, when=CITED):
    answer = forum.post_answer(
        question, author=author, body="通知に沿って進めました。", notices=notices
    )
    NoticeCitation.objects.filter(object_id=answer.pk).update(created_at=when, confirmed_at=when)
    return answer


def test_a_cited_notice_asks_each_author_exactly_once_at_the_new_fiscal_year(
    make_notice, question_factory, shimotsuma_staff, other_town_staff, member
):
    plan = make_notice("自治体DX推進計画（第3.0版）")
    question = question_factory(member)
    cite(question, shimotsuma_staff, [plan])
    cite(question, shimotsuma_staff, [plan])  # the same author cites it twice
    cite(question, other_town_staff, [plan])

    assert services.ask_for_reviews(MARCH_31) == 0  # still 令和8年度
    assert services.ask_for_reviews(APRIL_1) == 2
    assert services.ask_for_reviews(APRIL_2) == 0  # the daily run again: nobody twice

    expected = [
        "新しい年度になりました。引用した「自治体DX推進計画（第3.0版）」は今も有効ですか？"
        " / 令和9年度（2027年度）"
    ]
    assert prompts(shimotsuma_staff) == expected
    assert prompts(other_town_staff) == expected
    assert prompts(member) == []  # asked the question, cited nothing


def test_who_confirmed_or_cited_in_the_new_year_is_not_asked(
    make_notice, question_factory, shimotsuma_staff, other_town_staff, member
):
    plan = make_notice()
    question = question_factory(member)
    cite(question, shimotsuma_staff, [plan], when=APRIL_1)  # cited this 年度
    cite(question, other_town_staff, [plan])
    services.confirm_notice(plan, other_town_staff, now=APRIL_1)

    assert services.ask_for_reviews(APRIL_2) == 0
    assert prompts(shimotsuma_staff) == prompts(other_town_staff) == []


def test_the_review_command_runs_daily_without_repeating(
    make_notice, question_factory, shimotsuma_staff, member, capsys
):
    plan = make_notice()
    cite(
        question_factory(member),
        shimotsuma_staff,
        [plan],
        when=datetime.datetime(2020, 5, 1, tzinfo=JST),
    )
    call_command("ask_notice_reviews")
    call_command("ask_notice_reviews")
    assert capsys.readouterr().out.splitlines() == [
        "1 review prompt(s) sent.",
        "0 review prompt(s) sent.",
    ]
    assert len(prompts(shimotsuma_staff)) == 1


def test_a_superseded_notice_tells_its_citers_once(
    make_notice,
    question_factory,
    shimotsuma_staff,
    other_town_staff,
    moderator,
    member,
    django_capture_on_commit_callbacks,
):
    old = make_notice("自治体DX推進計画（第2.2版）")
    new = make_notice("自治体DX推進計画（第3.0版）")
    cite(question_factory(member), shimotsuma_staff, [old, new])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.supersede_notice(old, by=new, actor=moderator)
        assert not services.supersede_notice(old, by=new, actor=moderator)  # already
    assert prompts(shimotsuma_staff) == [
        "引用した「自治体DX推進計画（第2.2版）」は新しい通知に置き換えられました。書いた内容をご確認ください"
        " / 自治体DX推進計画（第3.0版）"
    ]
    assert prompts(other_town_staff) == []
    # A superseded notice is not asked about again at the next 年度.
    assert services.ask_for_reviews(APRIL_1) == 1  # only the new one
    assert len(prompts(shimotsuma_staff)) == 2


def test_the_fiscal_year_turns_on_april_first_in_japan():
    from community.notices.models import fiscal_year_of

    assert fiscal_year_of(MARCH_31) == 2026
    assert fiscal_year_of(APRIL_1) == 2027
    # 2027-03-31 16:00 UTC is already 1 April in Japan.
    assert fiscal_year_of(datetime.datetime(2027, 3, 31, 16, 0, tzinfo=datetime.UTC)) == 2027
