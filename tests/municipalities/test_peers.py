"""Towns like mine (類似団体): peers closest in population and kind, nearby first."""

import pytest

from community.municipalities.models import Kind, Municipality, Prefecture
from community.municipalities.peers import distance, peers_of

pytestmark = pytest.mark.django_db


def of(code: str) -> Municipality:
    return Municipality.objects.select_related("prefecture").get(code=code)


def test_a_small_towns_peers_are_towns_and_villages_of_about_its_size():
    iide = of("064033")  # 飯豊町, about 6,200 people
    peers = peers_of(iide)
    assert len(peers) == 8
    assert all(peer.kind in (Kind.TOWN, Kind.VILLAGE) for peer in peers)
    assert all(iide.population / 2 <= peer.population <= iide.population * 2 for peer in peers)
    assert iide not in peers


def test_a_city_of_forty_thousand_gets_cities_not_towns():
    shimotsuma = of("082104")  # 下妻市, 42,071 people
    peers = peers_of(shimotsuma)
    assert {peer.kind for peer in peers} <= {Kind.CITY, Kind.SPECIAL_WARD}
    assert all(25_000 <= peer.population <= 70_000 for peer in peers)


def test_at_the_same_size_and_kind_the_nearer_town_is_more_alike():
    shimotsuma = of("082104")

    def city_in(prefecture_code):
        prefecture = Prefecture.objects.get(code=prefecture_code)
        return Municipality(population=42_071, kind=Kind.CITY, prefecture=prefecture)

    same_prefecture, same_region, far = city_in("08"), city_in("09"), city_in("47")
    assert (
        distance(shimotsuma, same_prefecture)
        < distance(shimotsuma, same_region)
        < distance(shimotsuma, far)
    )
    # Size and kind weigh more than distance: a town of the same size in Ibaraki is
    # less alike than a city of the same size in Okinawa.
    town = Municipality(population=42_071, kind=Kind.TOWN, prefecture=shimotsuma.prefecture)
    assert distance(shimotsuma, far) < distance(shimotsuma, town)


def test_a_prefecture_has_no_peers_and_the_smallest_village_still_has_some():
    assert peers_of(of("080004")) == []
    aogashima = of("134023")  # 青ヶ島村, under 200 people
    assert len(peers_of(aogashima)) == 8


def test_the_municipality_page_lists_its_peers_with_links(client):
    page = client.get("/municipalities/064033/").content.decode()
    assert "人口と種類が近い自治体" in page
    for peer in peers_of(of("064033")):
        assert f'href="{peer.get_absolute_url()}"' in page


def test_peers_are_remembered_until_the_registry_changes(
    tmp_path, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from tests.municipalities.test_import import run_import

    iide = of("064033")
    peers = peers_of(iide)
    with django_assert_num_queries(0):
        assert peers_of(iide) == peers
    # Next year's figures: the nearest peer shrinks to a tenth of its size.
    nearest = peers[0]
    row = (
        f"{nearest.code},{nearest.prefecture.name},{nearest.name},{nearest.name_kana},"
        f"{nearest.kind},{nearest.population // 10},2026-01-01,{nearest.website}\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_import(tmp_path, row)
    assert nearest not in peers_of(iide)
