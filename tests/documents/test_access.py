"""Who may download a document (issue 12, finding 4): anyone once a live page that
anyone may read uses it; before that only its uploader and moderators. And the
admin's image form answers a damaged or non-image file with a form error."""

import io

import pytest
from django.core.files.base import ContentFile
from wagtail.images.models import Image
from wagtail.models import Collection, PageViewRestriction

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploaded_by(document_factory):
    """uploaded_by(user) -> a document that user uploaded and no page uses yet."""

    def make(user):
        document = document_factory("manual.pdf")
        document.uploaded_by_user = user
        document.save()
        return document

    return make


@pytest.mark.parametrize("who", ["anonymous", "member", "other_town_staff"])
def test_a_document_no_page_uses_is_not_found_for_others(
    request, client_for, shimotsuma_staff, uploaded_by, who
):
    document = uploaded_by(shimotsuma_staff)
    viewer = None if who == "anonymous" else request.getfixturevalue(who)
    assert client_for(viewer).get(document.url).status_code == 404


@pytest.mark.parametrize("who", ["shimotsuma_staff", "moderator"])
def test_its_uploader_and_moderators_may_download_it_before_a_page_uses_it(
    request, client_for, shimotsuma_staff, uploaded_by, with_totp, who
):
    document = uploaded_by(shimotsuma_staff)
    viewer = request.getfixturevalue(who)
    if who == "moderator":
        with_totp(viewer)
    response = client_for(viewer).get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_a_moderator_whose_session_skipped_the_second_factor_may_not(
    client_for, shimotsuma_staff, moderator, uploaded_by
):
    document = uploaded_by(shimotsuma_staff)
    response = client_for(moderator, second_factor=False).get(document.url)
    assert response.status_code != 200


def test_a_document_of_a_published_template_is_anyones_and_costs_few_queries(
    client, template_factory, django_assert_max_num_queries
):
    template = template_factory(files=("pdf",))
    document = template.versions.get().files.get().document
    with django_assert_max_num_queries(8):
        response = client.get(document.url)
    assert response.status_code == 200


def test_a_document_of_a_draft_template_is_not_found(client, template_factory):
    draft = template_factory(files=("pdf",), live=False)
    document = draft.versions.get().files.get().document
    assert client.get(document.url).status_code == 404


def test_a_document_of_an_unpublished_template_is_not_found_any_more(client, template_factory):
    template = template_factory(files=("pdf",))
    document = template.versions.get().files.get().document
    template.unpublish()
    assert client.get(document.url).status_code == 404


def test_a_document_of_a_members_only_page_is_for_members(client_for, member, template_factory):
    template = template_factory(files=("pdf",))
    PageViewRestriction.objects.create(page=template, restriction_type=PageViewRestriction.LOGIN)
    document = template.versions.get().files.get().document
    assert client_for(None).get(document.url).status_code == 404
    assert client_for(member).get(document.url).status_code == 200


# --- The admin's image form -----------------------------------------------------


@pytest.fixture
def image_uploader(client_for, shimotsuma_staff, with_totp):
    return client_for(with_totp(shimotsuma_staff))


def png() -> bytes:
    from PIL import Image as PillowImage

    out = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "white").save(out, "PNG")
    return out.getvalue()


NOT_IMAGES = {
    "a PNG signature, then garbage": b"\x89PNG\r\n\x1a\n" + b"garbage" * 10,
    "a PNG cut short": png()[:-40],
    "a text file named .png": b"not an image at all",
}


@pytest.mark.parametrize("case", NOT_IMAGES)
def test_the_image_form_answers_a_damaged_or_non_image_file_with_a_form_error(image_uploader, case):
    image_uploader.raise_request_exception = False
    response = image_uploader.post(
        "/cms/images/add/",
        {
            "title": case,
            "collection": Collection.get_first_root_node().pk,
            "file": ContentFile(NOT_IMAGES[case], name="screen.png"),
        },
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert "画像" in errors
    assert not Image.objects.exists()


def test_the_multiple_image_uploader_answers_a_damaged_file_with_its_reason(image_uploader):
    image_uploader.raise_request_exception = False
    response = image_uploader.post(
        "/cms/images/multiple/add/",
        {"files[]": ContentFile(NOT_IMAGES["a PNG signature, then garbage"], name="x.png")},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "画像" in response.json()["error_message"]
    assert not Image.objects.exists()


def test_a_real_image_is_still_accepted(image_uploader):
    response = image_uploader.post(
        "/cms/images/add/",
        {
            "title": "画面",
            "collection": Collection.get_first_root_node().pk,
            "file": ContentFile(png(), name="screen.png"),
        },
    )
    assert response.status_code == 302
    assert Image.objects.get().width == 40
