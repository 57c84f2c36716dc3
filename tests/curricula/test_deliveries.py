"""Who may add a delivery to a curriculum's log (staff of the publishing or an adopting
municipality), who may remove one, and curricula in the Wagtail admin."""

import datetime

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from casestudies.adoption.services import adopt
from casestudies.curricula.models import CurriculumDelivery, CurriculumPage
from community.audit.models import AuditEntry
from community.municipalities.models import Municipality

pytestmark = pytest.mark.django_db

DELIVERY = {
    "delivered_on": "2025-06-10",
    "sessions": "4",
    "participants": "38",
    "survey_before": "2.0",
    "survey_after": "3.8",
    "note": "課長級を含めて実施しました。",
}


def deliveries_url(curriculum) -> str:
    return f"{curriculum.url}deliveries/"


def test_staff_of_the_publishing_town_add_a_delivery(
    client_for, shimotsuma_staff, curriculum_factory
):
    curriculum = curriculum_factory("082104")
    client = client_for(shimotsuma_staff)
    assert client.get(deliveries_url(curriculum)).status_code == 200
    response = client.post(deliveries_url(curriculum), DELIVERY)
    assert response.status_code == 302 and response["Location"].endswith("#deliveries")
    delivery = CurriculumDelivery.objects.get()
    assert delivery.municipality.code == "082104" and delivery.participants == 38
    assert AuditEntry.objects.filter(
        action="curriculum.delivery_recorded", actor=shimotsuma_staff
    ).exists()


def test_staff_of_an_adopting_town_add_their_own_delivery(
    client_for, other_town_staff, curriculum_factory
):
    curriculum = curriculum_factory("082104")
    client = client_for(other_town_staff)
    assert client.post(deliveries_url(curriculum), DELIVERY).status_code == 403
    adopt(
        curriculum,
        Municipality.objects.get(code="064033"),
        actor=other_town_staff,
        adopted_on=datetime.date(2025, 5, 20),
    )
    assert client.post(deliveries_url(curriculum), DELIVERY).status_code == 302
    assert CurriculumDelivery.objects.get().municipality.code == "064033"


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("member", 403), ("moderator", 403)]
)
def test_who_may_not_add_a_delivery(request, client_for, curriculum_factory, who, status):
    curriculum = curriculum_factory("082104")
    user = None if who == "anonymous" else request.getfixturevalue(who)
    assert client_for(user).post(deliveries_url(curriculum), DELIVERY).status_code == status
    assert not CurriculumDelivery.objects.exists()


def test_a_failed_delivery_form_keeps_what_was_typed(
    client_for, shimotsuma_staff, curriculum_factory
):
    curriculum = curriculum_factory("082104")
    response = client_for(shimotsuma_staff).post(
        deliveries_url(curriculum),
        {**DELIVERY, "delivered_on": "2999-01-01", "survey_after": "500"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "課長級を含めて実施しました。" in body
    assert body.count("<h1") == 1
    assert not CurriculumDelivery.objects.exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("other_town_staff", False),
        ("shimotsuma_staff", True),
        ("moderator", True),
    ],
)
def test_who_may_remove_a_delivery(request, client_for, curriculum_factory, who, allowed):
    curriculum = curriculum_factory("082104", deliveries=[("082104", "2024-05-13", 6, 61)])
    delivery = CurriculumDelivery.objects.get()
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(user)
    url = f"{curriculum.url}deliveries/{delivery.pk}/remove/"
    assert client.get(url).status_code == (200 if allowed else 302 if user is None else 403)
    client.post(url)
    assert CurriculumDelivery.objects.exists() is not allowed


def test_the_page_offers_the_delivery_form_only_to_those_who_may_use_it(
    client, client_for, curriculum_factory, shimotsuma_staff, other_town_staff
):
    curriculum = curriculum_factory("082104")
    action = f'action="{deliveries_url(curriculum)}"'
    assert action not in client.get(curriculum.url).content.decode()
    assert action not in client_for(other_town_staff).get(curriculum.url).content.decode()
    assert action in client_for(shimotsuma_staff).get(curriculum.url).content.decode()


def curriculum_form(municipality_code="082104", **overrides) -> dict:
    data = {
        "title": "kintone基礎研修",
        "slug": "kintone-kiso",
        "municipality": Municipality.objects.get(code=municipality_code).pk,
        "department": "DX推進課",
        "summary": "全職員向けに、kintoneの基本操作を2時間で体験する研修です。",
        "audience": "all_staff",
        "level": "basic",
        "total_minutes": "120",
        "prerequisites": "",
        "modules": inline_formset(
            [
                {
                    "title": "基本操作",
                    "minutes": "60",
                    "objectives": "レコードを登録できる。",
                    "materials": "",
                    "exercise": "",
                }
            ]
        ),
        "materials": inline_formset([]),
        "related_templates": inline_formset([]),
        "related_cases": inline_formset([]),
        "tags": "kintone, 研修",
        "action-submit": "Submit for moderation",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(index) -> str:
    return f"/cms/pages/add/curricula/curriculumpage/{index.pk}/"


def test_staff_create_a_curriculum_for_their_municipality_and_a_moderator_approves(
    client,
    client_for,
    shimotsuma_staff,
    moderator,
    with_totp,
    curriculum_index,
    django_capture_on_commit_callbacks,
):
    response = client_for(with_totp(shimotsuma_staff)).post(
        add_url(curriculum_index), curriculum_form()
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    curriculum = CurriculumPage.objects.get(slug="kintone-kiso")
    assert not curriculum.live
    task_state = curriculum.current_workflow_task_state
    with django_capture_on_commit_callbacks(execute=True):
        client_for(with_totp(moderator)).post(
            f"/cms/pages/workflow/action/{curriculum.pk}/approve/{task_state.pk}/", {"comment": ""}
        )
    curriculum.refresh_from_db()
    assert curriculum.live
    assert [
        c.title for c in client.get("/curricula/", {"q": "kintone"}).context["results"].object_list
    ] == ["kintone基礎研修"]


def test_staff_of_another_town_cannot_create_a_curriculum_for_shimotsuma(
    client_for, other_town_staff, with_totp, curriculum_index
):
    response = client_for(with_totp(other_town_staff)).post(
        add_url(curriculum_index), curriculum_form()
    )
    assert response.status_code == 200 and "municipality" in response.context["form"].errors
    assert not CurriculumPage.objects.filter(slug="kintone-kiso").exists()


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_members_and_visitors_cannot_create_curricula(request, client_for, curriculum_index, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client_for(user).post(add_url(curriculum_index), curriculum_form())
    assert not CurriculumPage.objects.filter(slug="kintone-kiso").exists()


def test_staff_preview_a_new_curriculum(client_for, shimotsuma_staff, with_totp, curriculum_index):
    client = client_for(with_totp(shimotsuma_staff))
    url = f"{add_url(curriculum_index)}preview/"
    assert client.post(url, curriculum_form()).json()["is_valid"] is True
    preview = client.get(url)
    assert preview.status_code == 200 and "基本操作" in preview.content.decode()
