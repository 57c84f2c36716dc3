import pytest

from casestudies.demo import accounts, people
from community.accounts.models import User
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_the_demo_lists_shimotsumas_training_officer_for_towns_of_30_to_50_thousand(client):
    accounts.load()
    people.load()
    people.load()  # twice: nothing doubles
    ishizuka = User.objects.get(display_name="石塚 美咲")
    assert sorted(ishizuka.expertise.names()) == ["kintone", "ノーコード", "予算ゼロ", "研修"]
    sign_in(client, User.objects.get(display_name="山口 陽菜"))  # an unverified member
    body = client.get("/members/", {"q": "研修", "population_band": "30k_50k"}).content.decode()
    assert "石塚 美咲" in body and "下妻市" in body
    assert "佐藤 健太" not in body
