"""What a municipality published stays editable by its current verified staff in the
CMS, whoever owns it: the successor opens the predecessor's case (before and after
taking it over); staff of other towns and the predecessor who moved on cannot."""

import pytest

pytestmark = pytest.mark.django_db


def edit_url(page) -> str:
    return f"/cms/pages/{page.pk}/edit/"


def test_the_successor_edits_the_predecessor_s_case_in_the_cms(
    client_for, with_totp, shimotsuma_staff, predecessor_work
):
    client = client_for(with_totp(shimotsuma_staff))
    for key in ("case", "draft"):
        response = client.get(edit_url(predecessor_work[key]))
        assert response.status_code == 200, key
        assert "アクセス権がありません" not in response.content.decode()


def test_staff_of_another_town_and_the_predecessor_who_left_cannot(
    client_for, with_totp, other_town_staff, predecessor, predecessor_work
):
    for user in (other_town_staff, predecessor):
        response = client_for(with_totp(user)).get(edit_url(predecessor_work["case"]))
        assert response.status_code in (302, 403), user
