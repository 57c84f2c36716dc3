"""Who may write case studies in the Wagtail admin, for which municipality, and
how a draft becomes public through the moderators' approval."""

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from casestudies.cases.models import CaseStudyPage
from community.municipalities.models import Municipality
from community.taxonomy.models import Tool

pytestmark = pytest.mark.django_db


def add_url(index_page) -> str:
    return f"/cms/pages/add/cases/casestudypage/{index_page.pk}/"


def case_form(municipality_code="082104", **overrides) -> dict:
    data = {
        "title": "スマホで申請できる子育て支援手続",
        "slug": "smartphone-kosodate",
        "municipality": Municipality.objects.get(code=municipality_code).pk,
        "fiscal_year": 2024,
        "department": "DX推進課",
        "summary": "児童手当の現況届などをスマートフォンから申請できるようにしました。",
        "challenge": "窓口に来られない子育て世帯から、オンラインでの申請を求める声がありました。",
        "body": streamfield(
            [
                (
                    "paragraph",
                    rich_text(
                        "<p>kintoneとフォームを組み合わせて、申請から受付までをつなぎました。</p>"
                    ),
                )
            ]
        ),
        "budget_yen": 0,
        "budget_source": "general_fund",
        "budget_source_note": "",
        "one_person_feasible": "on",
        "metrics": inline_formset(
            [
                {
                    "metric": "オンライン申請の割合",
                    "value_before": "0%",
                    "value_after": "62%",
                    "unit": "%",
                }
            ]
        ),
        "follow_ups": inline_formset([]),
        "lessons": "",
        "contact_department": "DX推進課",
        "attachments": inline_formset([]),
        "tags": "子育て, スマホ申請",
        "action-submit": "Submit for moderation",
    }
    data.update(overrides)
    form = nested_form_data({key: value for key, value in data.items() if value is not None})
    form["tools"] = [
        Tool.objects.get(name="kintone").pk
    ]  # a multiple choice: one key, a list of values
    return form


def test_staff_create_a_case_for_their_own_municipality_and_submit_it(
    client_for, shimotsuma_staff, with_totp, index_page
):
    client = client_for(with_totp(shimotsuma_staff))
    form_page = client.get(add_url(index_page))
    assert form_page.status_code == 200
    # Only their own municipality is offered.
    choices = list(form_page.context["form"].fields["municipality"].queryset)
    assert [m.code for m in choices] == ["082104"]

    response = client.post(add_url(index_page), case_form())
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    case = CaseStudyPage.objects.get(slug="smartphone-kosodate")
    assert not case.live
    assert case.current_workflow_state is not None  # in moderation
    assert case.owner == shimotsuma_staff


def test_staff_of_another_town_cannot_create_a_case_for_shimotsuma(
    client_for, other_town_staff, with_totp, index_page
):
    client = client_for(with_totp(other_town_staff))
    response = client.post(add_url(index_page), case_form("082104"))
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert not CaseStudyPage.objects.filter(slug="smartphone-kosodate").exists()


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_members_and_visitors_cannot_create_at_all(request, client_for, index_page, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(user)
    assert client.get(add_url(index_page)).status_code == 302
    client.post(add_url(index_page), case_form())
    assert not CaseStudyPage.objects.filter(slug="smartphone-kosodate").exists()


def test_staff_cannot_publish_directly(client_for, shimotsuma_staff, with_totp, index_page):
    client = client_for(with_totp(shimotsuma_staff))
    client.post(
        add_url(index_page), case_form(**{"action-submit": None, "action-publish": "Publish"})
    )
    case = CaseStudyPage.objects.filter(slug="smartphone-kosodate").first()
    assert case is None or not case.live


def test_staff_cannot_edit_another_towns_case(
    client_for, other_town_staff, with_totp, case_study_factory
):
    case = case_study_factory("082104")
    response = client_for(with_totp(other_town_staff)).get(f"/cms/pages/{case.pk}/edit/")
    assert response.status_code in (302, 403)


def test_a_moderator_approves_and_the_case_is_found_by_filters_and_search(
    client,
    client_for,
    shimotsuma_staff,
    moderator,
    with_totp,
    index_page,
    django_capture_on_commit_callbacks,
):
    staff_client = client_for(with_totp(shimotsuma_staff))
    staff_client.post(add_url(index_page), case_form())
    case = CaseStudyPage.objects.get(slug="smartphone-kosodate")
    task_state = case.current_workflow_task_state

    moderator_client = client_for(with_totp(moderator))
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            f"/cms/pages/workflow/action/{case.pk}/approve/{task_state.pk}/",
            {"comment": "確認しました。"},
        )
    assert response.status_code in (200, 302)
    case.refresh_from_db()
    assert case.live
    assert case.population_at_publication == 42071

    found = client.get(
        "/casestudies/",
        {"population_max": "50000", "budget_max": "0", "tool": "kintone"},
        follow=True,  # an old bookmark: redirected to budget_band=zero
    )
    assert [c.title for c in found.context["results"].object_list] == [case.title]
    searched = client.get("/casestudies/", {"q": "スマホ 申請"})
    assert case.title in [c.title for c in searched.context["results"].object_list]
    assert "<mark>" in searched.content.decode()


def test_a_published_case_shows_its_author_with_the_badge(
    client, case_study_factory, shimotsuma_staff
):
    case = case_study_factory("082104", owner=shimotsuma_staff)
    body = client.get(case.url).content.decode()
    assert "石塚 美咲" in body and "✓ 下妻市 職員" in body
    assert shimotsuma_staff.email not in body


def test_unpublishing_removes_the_case_from_list_and_search(client, case_study_factory):
    case = case_study_factory(title="スマートフォンで申請できる手続")
    assert client.get("/casestudies/", {"q": "スマホ"}).context["results"].paginator.count == 1
    Page.objects.get(pk=case.pk).specific.unpublish()
    assert client.get("/casestudies/", {"q": "スマホ"}).context["results"].paginator.count == 0
    assert client.get("/casestudies/").context["results"].paginator.count == 0
