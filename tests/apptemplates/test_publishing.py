"""Who may write app templates in the Wagtail admin, for which municipality, with
which files, and how a draft becomes public through the moderators' approval."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from casestudies.apptemplates.models import AppTemplatePage
from community.municipalities.models import Municipality
from community.taxonomy.models import Tool
from tests.documents.test_uploads import macro_xlsx

pytestmark = pytest.mark.django_db
SLUG = "kintone-kenshin-yoyaku"


def add_url(index) -> str:
    return f"/cms/pages/add/apptemplates/apptemplatepage/{index.pk}/"


def template_form(documents, municipality_code="082104", **overrides) -> dict:
    data = {
        "title": "健診予約受付アプリ",
        "slug": SLUG,
        "municipality": Municipality.objects.get(code=municipality_code).pk,
        "department": "健康づくり課",
        "summary": "集団健診の予約をスマートフォンから受け付けるkintoneアプリです。",
        "what_it_does": "電話と窓口で受けていた予約を一つのアプリにまとめます。",
        "app_fields": inline_formset(
            [{"name": "受診者氏名", "field_type": "文字列（1行）", "required": "on", "note": ""}]
        ),
        "screens": inline_formset([]),
        "versions": inline_formset(
            [
                {
                    "number": "1.0",
                    "released_on": "2024-04-01",
                    "changelog": "初版です。",
                    "files": inline_formset(
                        [{"document": document.pk, "title": ""} for document in documents]
                    ),
                }
            ]
        ),
        "licence": "cc-by-4.0",
        "licence_note": "",
        "derived_from": "",
        "derived_from_version": "",
        "related_cases": inline_formset([]),
        "tags": "健診, 予約",
        "action-submit": "Submit for moderation",
    }
    data.update(overrides)
    form = nested_form_data({key: value for key, value in data.items() if value is not None})
    form["tools"] = [Tool.objects.get(name="kintone").pk]
    form["used_by"] = ["health_welfare"]
    return form


def test_staff_create_a_template_with_a_version_and_submit_it(
    client_for, shimotsuma_staff, with_totp, template_index, document_factory
):
    client = client_for(with_totp(shimotsuma_staff))
    form_page = client.get(add_url(template_index))
    assert form_page.status_code == 200
    assert [m.code for m in form_page.context["form"].fields["municipality"].queryset] == ["082104"]
    documents = [document_factory("package.zip"), document_factory("fields.csv")]
    response = client.post(add_url(template_index), template_form(documents))
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    template = AppTemplatePage.objects.get(slug=SLUG)
    assert not template.live and template.current_workflow_state is not None
    assert template.owner == shimotsuma_staff and template.used_by == ["health_welfare"]
    assert template.licence == "cc-by-4.0"
    version = template.versions.get()
    assert [file.document for file in version.files.all()] == documents


def test_a_chosen_document_is_checked_again(
    client_for, shimotsuma_staff, with_totp, template_index, document_factory
):
    """A document stored before a rule existed cannot slip into a template."""
    old_macro = document_factory("legacy.xlsx", data=macro_xlsx())
    response = client_for(with_totp(shimotsuma_staff)).post(
        add_url(template_index), template_form([old_macro])
    )
    assert response.status_code == 200
    file_form = response.context["form"].formsets["versions"].forms[0].formsets["files"].forms[0]
    assert "マクロ（VBA）" in " ".join(file_form.errors["document"])
    assert not AppTemplatePage.objects.filter(slug=SLUG).exists()


def test_version_numbers_must_differ(
    client_for, shimotsuma_staff, with_totp, template_index, document_factory
):
    document = document_factory("fields.csv")
    data = template_form([document])
    for key in list(data):
        if key.startswith("versions-0-"):
            data[key.replace("versions-0-", "versions-1-")] = data[key]
    data["versions-TOTAL_FORMS"] = "2"
    response = client_for(with_totp(shimotsuma_staff)).post(add_url(template_index), data)
    assert response.status_code == 200
    second = response.context["form"].formsets["versions"].forms[1]
    assert "number" in second.errors
    assert not AppTemplatePage.objects.filter(slug=SLUG).exists()


def test_staff_of_another_town_cannot_create_a_template_for_shimotsuma(
    client_for, other_town_staff, with_totp, template_index, document_factory
):
    response = client_for(with_totp(other_town_staff)).post(
        add_url(template_index), template_form([document_factory("fields.csv")])
    )
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert not AppTemplatePage.objects.filter(slug=SLUG).exists()


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_members_and_visitors_cannot_create_at_all(
    request, client_for, template_index, document_factory, who
):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(user)
    assert client.get(add_url(template_index)).status_code == 302
    client.post(add_url(template_index), template_form([document_factory("fields.csv")]))
    assert not AppTemplatePage.objects.filter(slug=SLUG).exists()


def test_staff_cannot_publish_directly(
    client_for, shimotsuma_staff, with_totp, template_index, document_factory
):
    client_for(with_totp(shimotsuma_staff)).post(
        add_url(template_index),
        template_form(
            [document_factory("fields.csv")], **{"action-submit": None, "action-publish": "Publish"}
        ),
    )
    template = AppTemplatePage.objects.filter(slug=SLUG).first()
    assert template is None or not template.live


def test_staff_cannot_edit_another_towns_template(
    client_for, other_town_staff, with_totp, template_factory
):
    template = template_factory("082104")
    response = client_for(with_totp(other_town_staff)).get(f"/cms/pages/{template.pk}/edit/")
    assert response.status_code in (302, 403)


def test_a_template_cannot_be_derived_from_its_own_descendant(moderator, template_factory):
    root = template_factory("082104")
    child = template_factory("064033", derived_from=root)
    from casestudies.apptemplates.forms import AppTemplateAdminForm

    form_class = AppTemplatePage.get_edit_handler().get_form_class()
    assert issubclass(form_class, AppTemplateAdminForm)
    form = form_class(instance=root, for_user=moderator)
    form.cleaned_data = {"derived_from": child}
    with pytest.raises(ValidationError, match="派生したテンプレートを派生元にはできません"):
        form.clean_derived_from()


def test_a_moderator_approves_and_the_template_is_found_by_filters_and_search(
    client,
    client_for,
    shimotsuma_staff,
    moderator,
    with_totp,
    template_index,
    document_factory,
    django_capture_on_commit_callbacks,
):
    client_for(with_totp(shimotsuma_staff)).post(
        add_url(template_index), template_form([document_factory("fields.csv")])
    )
    template = AppTemplatePage.objects.get(slug=SLUG)
    task_state = template.current_workflow_task_state
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(with_totp(moderator)).post(
            f"/cms/pages/workflow/action/{template.pk}/approve/{task_state.pk}/",
            {"comment": "確認しました。"},
        )
    assert response.status_code in (200, 302)
    template.refresh_from_db()
    assert template.live
    found = client.get("/app-templates/", {"tool": "kintone", "used_by": "health_welfare"})
    assert [t.title for t in found.context["results"].object_list] == ["健診予約受付アプリ"]
    searched = client.get("/app-templates/", {"q": "スマホ 予約"})
    assert [t.title for t in searched.context["results"].object_list] == ["健診予約受付アプリ"]


def test_staff_preview_a_new_template_before_submitting_it(
    client_for, shimotsuma_staff, with_totp, template_index, document_factory
):
    client = client_for(with_totp(shimotsuma_staff))
    url = f"{add_url(template_index)}preview/"
    checked = client.post(
        url, template_form([document_factory("package.zip"), document_factory("fields.pdf")])
    )
    assert checked.json()["is_valid"] is True
    preview = client.get(url)
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "健康づくり課" in body and "受診者氏名" in body and "バージョン 1.0" in body
    assert not AppTemplatePage.objects.filter(slug=SLUG).exists()
