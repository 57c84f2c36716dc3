import datetime

import pytest
from django.utils import timezone

from community.events import services
from community.events.models import EventFormat
from tests.cases.conftest import case_study_factory, index_page  # noqa: F401 - fixtures


@pytest.fixture
def make_event(db):
    def make(organiser, *, days=7, capacity=None, audience="public", **fields):
        starts = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
        values = {
            "title": "kintone 勉強会",
            "kind": "study",
            "summary": "アプリの作り方を共有します。",
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=1, minutes=30),
            "format": EventFormat.ONLINE,
            "online_url": "https://meet.example.jp/kintone",
            "capacity": capacity,
            "audience": audience,
            **fields,
        }
        return services.create_event(organiser, **values)

    return make
