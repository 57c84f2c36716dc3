"""adopt() and withdraw_adoption(): one adoption per municipality and item, counted
on the item in the same transaction, recorded in the audit log, race-safe."""

import datetime
import threading

import pydantic
import pytest
from django.db import connection, connections

from casestudies.adoption.models import Adoption
from casestudies.adoption.services import adopt, withdraw_adoption
from casestudies.cases.models import CaseStudyPage
from casestudies.home.models import HomePage
from community.audit.models import AuditEntry
from community.municipalities.models import Municipality

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 4, 1)


def town(code="064033"):
    return Municipality.objects.get(code=code)


def test_adopting_records_one_adoption_counts_it_and_audits_who(
    case_study_factory, other_town_staff
):
    case = case_study_factory("082104")
    adoption, created = adopt(
        case, town(), actor=other_town_staff, adopted_on=TODAY, notes="町の窓口で使っています。"
    )
    assert created and adoption.created_by == other_town_staff
    assert CaseStudyPage.objects.get(pk=case.pk).adoption_count == 1
    entry = AuditEntry.objects.get(action="adoption.recorded")
    assert entry.actor == other_town_staff and entry.data["municipality"] == "064033"


def test_adopting_again_updates_the_same_adoption(case_study_factory, other_town_staff):
    case = case_study_factory("082104")
    adopt(case, town(), actor=other_town_staff, adopted_on=TODAY, notes="最初のメモ")
    adoption, created = adopt(
        case,
        town(),
        actor=other_town_staff,
        adopted_on=TODAY,
        notes="更新したメモ",
        metrics=[{"metric": "入力時間", "before": "月20時間", "after": "月5時間"}],
    )
    assert not created
    assert Adoption.objects.get().notes == "更新したメモ"
    assert adoption.outcome_metrics[0].after == "月5時間"
    assert CaseStudyPage.objects.get(pk=case.pk).adoption_count == 1
    assert AuditEntry.objects.filter(action="adoption.updated").count() == 1


def test_recording_the_same_adoption_again_changes_and_audits_nothing(
    case_study_factory, other_town_staff
):
    case = case_study_factory("082104")
    adopt(case, town(), actor=other_town_staff, adopted_on=TODAY, notes="メモ")
    entries = AuditEntry.objects.count()
    adoption, created = adopt(case, town(), actor=other_town_staff, adopted_on=TODAY, notes="メモ")
    assert not created and adoption.notes == "メモ"
    assert AuditEntry.objects.count() == entries


def test_metrics_must_match_their_schema_and_nothing_is_stored_otherwise(case_study_factory):
    case = case_study_factory("082104")
    with pytest.raises(pydantic.ValidationError):
        adopt(case, town(), actor=None, adopted_on=TODAY, metrics=[{"metric": "時間", "oops": 1}])
    assert not Adoption.objects.exists()


def test_each_municipality_counts_once(case_study_factory):
    case = case_study_factory("082104")
    for code in ("064033", "064033", "063657", "085219"):
        adopt(case, town(code), actor=None, adopted_on=TODAY)
    assert CaseStudyPage.objects.get(pk=case.pk).adoption_count == 3


def test_withdrawing_removes_it_and_recounts(case_study_factory, other_town_staff):
    case = case_study_factory("082104")
    adoption, _ = adopt(case, town(), actor=other_town_staff, adopted_on=TODAY)
    assert withdraw_adoption(adoption, actor=other_town_staff)
    assert CaseStudyPage.objects.get(pk=case.pk).adoption_count == 0
    assert AuditEntry.objects.filter(action="adoption.withdrawn").exists()
    assert not withdraw_adoption(adoption, actor=other_town_staff)  # already gone


def test_only_case_studies_templates_and_curricula_can_be_adopted():
    with pytest.raises(ValueError):
        adopt(HomePage.objects.get(), town(), actor=None, adopted_on=TODAY)


def test_publishing_a_revision_made_before_an_adoption_keeps_the_count(case_study_factory):
    case = case_study_factory("082104")
    stale = case.save_revision()
    adopt(case, town(), actor=None, adopted_on=TODAY)
    stale.publish(skip_permission_checks=True)
    assert CaseStudyPage.objects.get(pk=case.pk).adoption_count == 1


def test_templates_and_curricula_count_their_adoptions_too(template_factory, curriculum_factory):
    template, curriculum = template_factory("082104"), curriculum_factory("082104")
    adopt(template, town(), actor=None, adopted_on=TODAY, version_number="1.0")
    adopt(curriculum, town(), actor=None, adopted_on=TODAY)
    template.refresh_from_db()
    curriculum.refresh_from_db()
    assert template.adoption_count == curriculum.adoption_count == 1


concurrent = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writers (PostgreSQL); SQLite serialises every write",
)


def run_at_once(*calls):
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


@concurrent
def test_two_clicks_at_once_from_one_municipality_leave_one_adoption(committed):
    template = committed.template("082104")
    iide = town()

    def click():
        return adopt(template, iide, actor=None, adopted_on=TODAY)[1]

    created, errors = run_at_once(click, click)
    assert errors == []
    assert sorted(created) == [False, True]
    assert Adoption.objects.filter(page_id=template.pk).count() == 1
    assert type(template).objects.get(pk=template.pk).adoption_count == 1


@concurrent
def test_adoptions_by_different_municipalities_at_once_all_count(committed):
    template = committed.template("082104")
    towns = [town(code) for code in ("064033", "063657", "085219", "082317")]
    calls = [
        lambda municipality=municipality: adopt(
            template, municipality, actor=None, adopted_on=TODAY
        )
        for municipality in towns
    ]
    _results, errors = run_at_once(*calls)
    assert errors == []
    assert type(template).objects.get(pk=template.pk).adoption_count == 4


def test_the_pages_owner_hears_once_that_another_town_adopted_it(
    case_study_factory, shimotsuma_staff, other_town_staff, django_capture_on_commit_callbacks
):
    from django.core import mail

    from casestudies.adoption.notifications import ADOPTED
    from community.notifications.models import Notification

    case = case_study_factory("082104", owner=shimotsuma_staff)
    with django_capture_on_commit_callbacks(execute=True):
        adopt(case, town(), actor=other_town_staff, adopted_on=TODAY, notes="窓口で使っています。")
    with django_capture_on_commit_callbacks(execute=True):  # the same adoption, updated
        adopt(case, town(), actor=other_town_staff, adopted_on=TODAY, notes="全課に広げました。")
    item = Notification.objects.get(recipient=shimotsuma_staff)
    assert item.kind == ADOPTED and item.url == case.url
    assert item.message == f"佐藤 健太さんが「{case.title}」の導入を登録しました"
    assert "山形県 飯豊町" in item.excerpt or "飯豊町" in item.excerpt
    assert [message.to for message in mail.outbox] == [[shimotsuma_staff.email]]
    assert not Notification.objects.filter(recipient=other_town_staff).exists()
