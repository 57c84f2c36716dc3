"""Place names on English pages: prefectures from the table, municipalities in
romaji from the registry's reading, Japanese names marked ``lang="ja"``."""

import pytest

from community.municipalities.models import Municipality
from community.municipalities.romaji import hepburn, municipality_name_en
from tests.language import unmarked_japanese

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kana", "kind", "english"),
    [
        ("しもつまし", "city", "Shimotsuma City"),
        ("とうべつちょう", "town", "Tobetsu Town"),
        ("もりまち", "town", "Mori Town"),
        ("ひがしなるせむら", "village", "Higashinaruse Village"),
        ("しんじゅくく", "special_ward", "Shinjuku City"),
        ("はちおうじし", "designated_city", "Hachioji City"),
        ("じょうそうし", "city", "Joso City"),
        ("", "city", ""),
    ],
)
def test_a_municipality_reading_becomes_its_english_name(kana, kind, english):
    assert municipality_name_en(kana, kind) == english


def test_hepburn_spells_contracted_and_doubled_sounds():
    assert hepburn("きょうと") == "kyoto"
    assert hepburn("ほっかいどう") == "hokkaido"
    assert hepburn("いっちょう") == "itcho"
    assert hepburn("シャカイ") == "shakai"


def test_every_shipped_municipality_has_an_english_name():
    missing = Municipality.objects.municipalities_only().filter(name_en="")
    assert list(missing.values_list("name", flat=True)) == []
    assert Municipality.objects.get(code="082104").name_en == "Shimotsuma City"


def test_english_pages_name_places_in_english(client):
    response = client.get("/en/municipalities/082104/")
    html = response.content.decode()
    assert "<h1>Shimotsuma City, Ibaraki</h1>" in html
    assert "茨城県 下妻市</h1>" not in html
    japanese = client.get("/municipalities/082104/").content.decode()
    assert "<h1>茨城県 下妻市</h1>" in japanese


def test_the_prefecture_filter_lists_prefectures_in_english_on_english_pages(client):
    html = client.get("/en/municipalities/").content.decode()
    assert ">Ibaraki</option>" in html
    assert "茨城県</option>" not in html
    assert "茨城県</option>" in client.get("/municipalities/").content.decode()


def test_japanese_names_on_english_pages_are_marked(client):
    html = client.get("/en/municipalities/082104/").content.decode()
    assert '<td lang="ja">しもつまし</td>' in html
    assert not any("下妻" in text for text in unmarked_japanese(html))
