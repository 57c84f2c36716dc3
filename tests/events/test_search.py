import pytest

pytestmark = pytest.mark.django_db


def test_events_are_found_by_those_who_may_see_them(
    client, client_for, make_event, shimotsuma_staff, other_town_staff
):
    make_event(
        shimotsuma_staff,
        title="ガバメントクラウド移行 勉強会",
        summary="標準化の進め方を共有します。",
    )
    make_event(shimotsuma_staff, title="ガバメントクラウド 職員限定の意見交換会", audience="staff")
    found = client.get("/events/", {"q": "ガバメントクラウド"}).content.decode()
    assert "ガバメントクラウド移行 勉強会" in found
    assert "職員限定の意見交換会" not in found
    site = client.get("/search/", {"q": "ガバメントクラウド"}).content.decode()
    assert "ガバメントクラウド移行 勉強会" in site and "職員限定の意見交換会" not in site
    staff_site = (
        client_for(other_town_staff).get("/search/", {"q": "ガバメントクラウド"}).content.decode()
    )
    assert "職員限定の意見交換会" in staff_site
