"""The people finder (/members/): who is listed, who sees which fields, and the
filters (keyword, expertise, population band, towns like mine)."""

import datetime

import pytest
from django.utils import timezone

from community.accounts.models import SharedField
from community.accounts.services import grant_verification
from community.forum import services as forum
from community.forum.models import Board
from community.municipalities.models import Municipality
from community.municipalities.peers import peers_of
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def listed(user, *, expertise=(), shared=(), **fields):
    user.in_people_finder = True
    user.set_shared_fields(shared)
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()
    if expertise:
        user.expertise.add(*expertise)
    return user


def staff_of(municipality, email, name, **kwargs):
    person = make_member(email, name=name, verified_email=False)
    grant_verification(person, municipality, method="moderator")
    person.refresh_from_db()
    return listed(person, **kwargs)


def names_on(response) -> str:
    return response.content.decode()


def test_visitors_are_sent_to_log_in(client):
    response = client.get("/members/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_only_verified_staff_who_opted_in_are_listed(
    client_for, member, shimotsuma_staff, other_town_staff
):
    listed(shimotsuma_staff)
    listed(member)  # not verified staff: never listed, whatever they tick
    # other_town_staff is verified but did not opt in
    body = names_on(client_for(other_town_staff).get("/members/"))
    assert "石塚 美咲" in body
    assert "山口 陽菜" not in body
    assert "佐藤 健太" not in body


def test_a_member_whose_verification_expired_leaves_the_finder(
    client_for, member, shimotsuma_staff
):
    listed(shimotsuma_staff)
    shimotsuma_staff.verifications.update(expires_at=timezone.now() - datetime.timedelta(days=1))
    type(shimotsuma_staff).objects.filter(pk=shimotsuma_staff.pk).update(
        staff_until=timezone.now() - datetime.timedelta(days=1)
    )
    assert "石塚 美咲" not in names_on(client_for(member).get("/members/"))


def test_unverified_members_see_only_the_fields_a_person_shared(
    client_for, member, shimotsuma_staff, other_town_staff
):
    listed(
        shimotsuma_staff,
        expertise=["研修"],
        bio="職員研修を担当しています",
        job_title="主任",
        accepts_questions=True,
    )
    staff_view = names_on(client_for(other_town_staff).get("/members/"))
    assert "DX推進課" in staff_view and "研修" in staff_view and "下妻市" in staff_view

    member_view = names_on(client_for(member).get("/members/"))
    assert "石塚 美咲" in member_view
    assert "DX推進課" not in member_view
    assert "職員研修を担当しています" not in member_view
    assert "下妻市" not in member_view

    shimotsuma_staff.set_shared_fields([SharedField.DEPARTMENT, SharedField.MUNICIPALITY])
    shimotsuma_staff.save()
    member_view = names_on(client_for(member).get("/members/"))
    assert "DX推進課" in member_view and "下妻市" in member_view
    assert "職員研修を担当しています" not in member_view


def test_keyword_and_population_band_find_the_officer_who_did_it(
    client_for, member, shimotsuma_staff, other_town_staff
):
    listed(shimotsuma_staff, expertise=["kintone", "研修"], bio="kintoneの職員研修を担当")
    listed(other_town_staff, expertise=["研修"])
    viewer = client_for(other_town_staff)
    both = names_on(viewer.get("/members/", {"q": "研修"}))
    assert "石塚 美咲" in both and "佐藤 健太" in both
    mid_sized = names_on(viewer.get("/members/", {"q": "研修", "population_band": "30k_50k"}))
    assert "石塚 美咲" in mid_sized and "佐藤 健太" not in mid_sized
    assert "佐藤 健太" in names_on(viewer.get("/members/", {"tag": "研修", "region": "tohoku"}))
    assert "石塚 美咲" not in names_on(viewer.get("/members/", {"tag": "研修", "region": "tohoku"}))


def test_an_unverified_member_finds_nobody_by_a_field_that_was_not_shared(
    client_for, member, shimotsuma_staff
):
    listed(shimotsuma_staff, expertise=["研修"])
    viewer = client_for(member)
    assert "石塚 美咲" not in names_on(viewer.get("/members/", {"population_band": "30k_50k"}))
    assert "石塚 美咲" not in names_on(viewer.get("/members/", {"q": "DX推進課"}))
    assert "石塚 美咲" not in names_on(viewer.get("/members/", {"tag": "研修"}))
    shimotsuma_staff.set_shared_fields([SharedField.MUNICIPALITY, SharedField.EXPERTISE])
    shimotsuma_staff.save()
    assert "石塚 美咲" in names_on(viewer.get("/members/", {"population_band": "30k_50k"}))
    assert "石塚 美咲" in names_on(viewer.get("/members/", {"tag": "研修"}))


def test_towns_like_mine_lists_staff_of_the_readers_peers(client_for, shimotsuma, other_town_staff):
    iide = other_town_staff.staff_municipality
    peer = peers_of(iide)[0]
    staff_of(peer, "peer@example.com", "近藤 里奈")
    staff_of(shimotsuma, "shimotsuma2@example.com", "飯塚 大輔")
    body = names_on(client_for(other_town_staff).get("/members/", {"peers": "on"}))
    assert "近藤 里奈" in body
    assert "飯塚 大輔" not in body


def test_a_reader_without_a_town_gets_no_towns_like_mine_filter(client_for, member):
    body = names_on(client_for(member).get("/members/"))
    assert 'name="peers"' not in body


def test_rows_show_what_each_person_published(client_for, shimotsuma_staff, other_town_staff):
    listed(shimotsuma_staff)
    board = Board.objects.get(slug="kintone-nocode")
    question = forum.ask_question(
        other_town_staff,
        board=board,
        title="kintoneの研修はどう始めましたか",
        body="教えてください",
    )
    answer = forum.post_answer(question, author=shimotsuma_staff, body="入門編を3回に分けました")
    forum.accept_answer(question, answer, actor=other_town_staff)
    body = names_on(client_for(other_town_staff).get("/members/"))
    assert "ベストアンサー 1" in body or "accepted answers 1" in body


def test_the_finders_queries_do_not_grow_with_its_rows(
    client_for, other_town_staff, shimotsuma, django_assert_max_num_queries
):
    viewer = client_for(other_town_staff)
    towns = list(Municipality.objects.municipalities_only().order_by("code")[:12])

    def page_queries(count):
        for index in range(count):
            staff_of(
                towns[index], f"p{count}-{index}@example.com", f"職員{index}", expertise=["研修"]
            )
        with django_assert_max_num_queries(14) as captured:
            assert viewer.get("/members/").status_code == 200
        return len(captured.captured_queries)

    viewer.get("/members/")  # tool choices and the reader's peers are cached after this
    # session, member, the reader's permissions (two: may they moderate?), the reader's
    # town (for 類似団体); count, page of members, their expertise (one prefetch); one
    # count per kind of contribution (case studies, app templates, curricula, accepted
    # answers, visits hosted); the menu's unread count: 14

    few = page_queries(2)
    many = page_queries(10)
    assert many == few


def test_the_profile_form_saves_the_finder_settings(client_for, shimotsuma_staff):
    client = client_for(shimotsuma_staff)
    response = client.post(
        "/members/me/profile/",
        {
            "display_name": "石塚 美咲",
            "display_name_kana": "",
            "municipality": "082104",
            "department": "DX推進課",
            "job_title": "",
            "bio": "",
            "expertise": "研修, kintone",
            "profile_visibility": "members",
            "in_people_finder": "on",
            "accepts_questions": "on",
            "shared_fields": ["expertise", "municipality"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    shimotsuma_staff.refresh_from_db()
    assert shimotsuma_staff.in_people_finder and shimotsuma_staff.accepts_questions
    assert not shimotsuma_staff.accepts_visits
    assert shimotsuma_staff.shared_field_list == ["municipality", "expertise"]


def test_nothing_is_shared_with_unverified_members_by_default(member):
    assert member.shared_field_list == []
    assert member.in_people_finder is False
