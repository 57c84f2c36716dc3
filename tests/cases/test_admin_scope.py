"""What a contributor sees in the Wagtail admin: their own municipality's pages and
drafts, nobody's email address, and no report that lists who did what."""

import json

import pytest

from tests.conftest import make_member

pytestmark = pytest.mark.django_db

SHIMOTSUMA_DRAFT = "下妻市の下書き：窓口DXの効果測定"
IIDE_DRAFT = "飯豊町の下書き：移住相談のオンライン化"


@pytest.fixture
def drafts(case_study_factory, shimotsuma_staff, other_town_staff):
    """Each town's staff has a draft in moderation, and each town a published case."""
    return {
        "shimotsuma": case_study_factory(
            "082104", title=SHIMOTSUMA_DRAFT, live=False, owner=shimotsuma_staff
        ),
        "iide": case_study_factory("064033", title=IIDE_DRAFT, live=False, owner=other_town_staff),
        "iide_live": case_study_factory("064033", title="飯豊町の公開事例"),
    }


@pytest.fixture
def staff_client(client_for, shimotsuma_staff, with_totp):
    return client_for(with_totp(shimotsuma_staff))


def admin_pages(client, index_page) -> list[str]:
    """Everything the contributor can open in the admin about case studies."""
    return [
        client.get(f"/cms/pages/{index_page.pk}/").content.decode(),
        client.get("/cms/pages/search/", {"q": "下書き"}).content.decode(),
        client.get("/cms/api/main/pages/", {"child_of": index_page.pk}).content.decode(),
        client.get("/cms/").content.decode(),
        client.get(f"/cms/choose-page/{index_page.pk}/").content.decode(),
    ]


def test_a_contributor_sees_only_their_municipality_s_drafts(
    staff_client, drafts, index_page, other_town_staff
):
    everything = "\n".join(admin_pages(staff_client, index_page))
    assert SHIMOTSUMA_DRAFT in everything
    assert IIDE_DRAFT not in everything
    assert other_town_staff.email not in everything  # (their own shows in their account menu)


def test_the_admin_page_api_does_not_open_another_town_s_draft(staff_client, drafts):
    foreign = staff_client.get(f"/cms/api/main/pages/{drafts['iide'].pk}/")
    assert foreign.status_code == 404
    assert IIDE_DRAFT not in foreign.content.decode()
    own = staff_client.get(f"/cms/api/main/pages/{drafts['shimotsuma'].pk}/")
    assert own.status_code == 200
    assert json.loads(own.content)["title"] == SHIMOTSUMA_DRAFT


@pytest.mark.parametrize("view", ["edit/", "history/", "revisions/compare/earliest...latest/"])
def test_a_contributor_cannot_open_another_town_s_draft(staff_client, drafts, view):
    response = staff_client.get(f"/cms/pages/{drafts['iide'].pk}/{view}")
    assert response.status_code in (302, 403, 404)
    assert IIDE_DRAFT not in response.content.decode()


def test_a_contributor_who_moved_town_no_longer_edits_the_old_town_s_draft(
    client_for, with_totp, drafts, other_town_staff, shimotsuma
):
    """飯豊町's former officer still owns the draft, but now works for 下妻市."""
    from community.accounts.services import verify_by_email

    verify_by_email(other_town_staff, "sato@city.shimotsuma.lg.jp")
    other_town_staff.refresh_from_db()
    assert other_town_staff.staff_municipality == shimotsuma
    response = client_for(with_totp(other_town_staff)).get(f"/cms/pages/{drafts['iide'].pk}/edit/")
    assert response.status_code in (302, 403)


def test_moderators_see_every_municipality_s_drafts(client_for, moderator, drafts, index_page):
    everything = "\n".join(admin_pages(client_for(moderator), index_page))
    assert SHIMOTSUMA_DRAFT in everything
    assert IIDE_DRAFT in everything


def test_user_columns_show_the_public_name_never_the_email(
    client_for, moderator, drafts, index_page, shimotsuma_staff
):
    """Even for moderators, who see every page: Wagtail shows get_full_name()."""
    listing = client_for(moderator).get(f"/cms/pages/{drafts['shimotsuma'].pk}/history/")
    body = listing.content.decode()
    assert listing.status_code == 200
    assert shimotsuma_staff.public_name in body
    assert shimotsuma_staff.email not in body
    assert "gravatar" not in body


def test_no_admin_page_a_contributor_opens_shows_a_members_email(
    staff_client, drafts, index_page, moderator, other_town_staff
):
    """Their page's history, workflow history, revisions, the explorer, search and
    the document and image libraries name colleagues and moderators by public name."""
    colleague = make_member("colleague@city.shimotsuma.lg.jp", name="下妻 同僚")
    own = drafts["shimotsuma"]
    own.save_revision(user=colleague, log_action=True)
    own.save_revision(user=moderator, log_action=True)
    urls = [
        f"/cms/pages/{own.pk}/history/",
        f"/cms/pages/{own.pk}/workflow_history/",
        f"/cms/pages/{own.pk}/edit/",
        f"/cms/pages/{own.pk}/revisions/compare/earliest...latest/",
        f"/cms/pages/{index_page.pk}/",
        "/cms/pages/search/?q=下書き",
        "/cms/documents/",
        "/cms/images/",
    ]
    history = staff_client.get(urls[0]).content.decode()
    assert colleague.public_name in history and moderator.public_name in history
    for url in urls:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for email in (colleague.email, moderator.email, other_town_staff.email):
            assert email not in body, (url, email)


REPORTS = [
    "/cms/reports/site-history/",
    "/cms/reports/site-history/results/",
    "/cms/reports/aging-pages/",
    "/cms/reports/locked/",
    "/cms/reports/workflow/",
    "/cms/reports/workflow_tasks/",
    "/cms/reports/page-types-usage/",
]


@pytest.mark.parametrize("report", REPORTS)
def test_reports_that_list_actors_are_for_site_admins(
    client_for, with_totp, shimotsuma_staff, moderator, drafts, report
):
    admin = with_totp(
        make_member("admin@yokoten.example", name="運営事務局", is_staff=True, is_superuser=True)
    )
    assert client_for(admin).get(report).status_code == 200
    for user in (with_totp(shimotsuma_staff), moderator):
        response = client_for(user).get(report)
        assert response.status_code == 302  # Wagtail's "no permission" back to the dashboard
        assert response["Location"] == "/cms/"


def test_contributors_are_not_offered_the_reports_menu(staff_client):
    assert "/cms/reports/site-history/" not in staff_client.get("/cms/").content.decode()
