import datetime

import pytest
from django.utils import timezone

from tests.cases.conftest import case_study_factory, index_page  # noqa: F401 - fixtures
from tests.conftest import make_member
from tests.visits.conftest import offer_factory, request_factory  # noqa: F401 - fixtures


def end_verification(member) -> None:
    """The member moved on (人事異動): their verification ran out."""
    from community.accounts.models import StaffVerification
    from community.accounts.services import expire_if_due

    past = timezone.now() - datetime.timedelta(days=1)
    StaffVerification.objects.filter(user=member).update(expires_at=past)
    type(member).objects.filter(pk=member.pk).update(staff_until=past)
    member.refresh_from_db()
    assert expire_if_due(member)
    member.refresh_from_db()


@pytest.fixture
def predecessor(db):
    """下妻市's former DX officer: verified when they published, now moved on."""
    return make_member("tanaka@city.shimotsuma.lg.jp", name="田中 一郎")


@pytest.fixture
def predecessor_work(
    predecessor,
    case_study_factory,  # noqa: F811 - the fixture
    offer_factory,  # noqa: F811 - the fixture
    request_factory,  # noqa: F811 - the fixture
    other_town_staff,
):
    """A live case, a draft case, a visit offer and an open and a done visit request, all
    the predecessor's; then their verification ends."""
    iide_offer = offer_factory(other_town_staff, title="飯豊町の公用車予約アプリ")
    work = {
        "case": case_study_factory("082104", title="前任者の事例", owner=predecessor),
        "draft": case_study_factory(
            "082104", title="前任者の下書き", owner=predecessor, live=False
        ),
        "offer": offer_factory(predecessor, title="下妻市のkintone視察"),
        "open_request": request_factory(iide_offer, predecessor),
    }
    end_verification(predecessor)
    return work
