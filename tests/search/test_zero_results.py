"""Site searches that find nothing are counted per day, without the reader, for
the moderators' list in the admin."""

import pytest
from django.urls import reverse

from community.search.models import ZeroResultQuery

pytestmark = pytest.mark.django_db

URL = reverse("search:results")


def test_a_search_that_finds_nothing_is_counted_once_a_day(client, client_for, member):
    client.get(URL, {"q": "ぴよぴよ申請"})
    client_for(member).get(URL, {"q": "ぴよぴよ申請"})
    client.get(URL, {"q": "しもつま"})  # finds 下妻市

    [row] = ZeroResultQuery.objects.all()
    assert (row.query, row.count) == ("ぴよぴよ申請", 2)
    assert not hasattr(row, "user")
