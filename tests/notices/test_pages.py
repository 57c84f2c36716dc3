"""Case studies (and app templates and curricula: the same knowledge page) cite official
notices by address; publishing records the citation for the page's owner, the page
shows each notice with its last confirmation and warns once it is superseded."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from community.notices import services
from community.notices.models import JST, NoticeCitation
from community.notifications.models import Notification

pytestmark = pytest.mark.django_db


def cite(page, *notices):
    page.cited_notices = "\n".join(notice.url for notice in notices)
    page.full_clean()
    page.save_revision().publish(skip_permission_checks=True)
    return type(page).objects.get(pk=page.pk)


def test_a_published_case_study_cites_a_notice_and_warns_once_it_is_superseded(
    client, case_study_factory, shimotsuma_staff, moderator, make_notice
):
    old = make_notice("自治体DX推進計画（第2.2版）")
    new = make_notice("自治体DX推進計画（第3.0版）")
    case = cite(case_study_factory(owner=shimotsuma_staff, title="書かない窓口"), old)
    citation = NoticeCitation.objects.get()
    assert (citation.notice, citation.author, citation.item) == (old, shimotsuma_staff, case)

    page = client.get(case.url).content.decode()
    assert "根拠となる通知" in page and "自治体DX推進計画（第2.2版）" in page
    assert "作成者の最終確認" in page and "置き換えられました" not in page

    services.supersede_notice(old, by=new, actor=moderator)
    page = client.get(case.url).content.decode()  # the cached page was retired
    assert "この通知は新しい通知に置き換えられました" in page

    # Its owner sees where they cite it, and is asked at the next 年度.
    NoticeCitation.objects.update(created_at=datetime.datetime(2026, 5, 1, tzinfo=JST))
    cite(case, new)
    NoticeCitation.objects.update(
        created_at=datetime.datetime(2026, 5, 1, tzinfo=JST),
        confirmed_at=datetime.datetime(2026, 5, 1, tzinfo=JST),
    )
    assert services.ask_for_reviews(datetime.datetime(2027, 4, 1, 9, tzinfo=JST)) == 1
    assert Notification.objects.filter(recipient=shimotsuma_staff, kind="notices_review").exists()


def test_an_address_not_in_the_list_is_refused_when_saving(case_study_factory, shimotsuma_staff):
    case = case_study_factory(owner=shimotsuma_staff)
    case.cited_notices = "https://www.soumu.go.jp/not-listed.html"
    with pytest.raises(ValidationError) as refused:
        case.full_clean()
    assert "cited_notices" in refused.value.message_dict


def test_the_owner_finds_the_page_on_the_notice(
    client_for, case_study_factory, shimotsuma_staff, make_notice
):
    notice = make_notice()
    case = cite(case_study_factory(owner=shimotsuma_staff, title="窓口DXの事例"), notice)
    page = client_for(shimotsuma_staff).get(notice.get_absolute_url()).content.decode()
    assert f'href="{case.url}">窓口DXの事例</a>' in page


def test_the_page_reads_its_notices_in_one_query_however_many(
    client, case_study_factory, shimotsuma_staff, make_notice, django_assert_max_num_queries
):
    case = cite(case_study_factory(owner=shimotsuma_staff), make_notice())
    client.get(case.url)
    with django_assert_max_num_queries(40) as few:
        client.get(case.url + "?first")
    baseline = len(few.captured_queries)
    case = cite(case, *(make_notice(f"通知 {number}") for number in range(5)))
    client.get(case.url)
    with django_assert_max_num_queries(baseline):
        response = client.get(case.url + "?again")
    assert response.content.decode().count("作成者の最終確認") == 5
