import pytest
from django.core import mail

from casestudies.demo import accounts as accounts_demo
from casestudies.demo import visits as demo
from community.municipalities.bands import population_band_for
from community.visits.models import VisitMessage, VisitOffer, VisitReport, VisitRequest
from community.visits.states import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(django_capture_on_commit_callbacks):
    accounts_demo.load()
    with django_capture_on_commit_callbacks(execute=True):
        accounts = demo.load()
    return accounts


def test_demo_offers_come_from_ten_or_more_municipalities_of_every_size(loaded):
    offers = VisitOffer.objects.published().select_related("municipality")
    municipalities = {offer.municipality for offer in offers}
    assert len(municipalities) >= 10
    assert {"082104", "064033"} <= {m.code for m in municipalities}
    assert len({population_band_for(m.population).slug for m in municipalities}) == 8
    shimotsuma = offers.get(municipality__code="082104")
    assert "kintone" in shimotsuma.title and shimotsuma.tool_list[0].slug == "kintone"
    assert {b.label for b in shimotsuma.blackouts.all()} >= {"6月定例会", "9月定例会"}


def test_demo_requests_cover_every_state_between_demo_accounts(loaded):
    assert set(VisitRequest.objects.values_list("status", flat=True)) == set(Status.values)
    assert VisitMessage.objects.exists()
    report = VisitReport.objects.published().get(request__offer__municipality__code="172065")
    assert report.visitor_municipality.code == "082104"
    confirmed = VisitRequest.objects.get(status=Status.CONFIRMED)
    assert confirmed.requester.email == accounts_demo.SMALL_TOWN_STAFF.email
    assert confirmed.offer.municipality.code == "082104" and confirmed.agenda


def test_demo_sends_no_email_and_loads_once(loaded):
    assert mail.outbox == []
    counts = (VisitOffer.objects.count(), VisitRequest.objects.count(), VisitReport.objects.count())
    assert demo.load() == loaded
    assert counts == (
        VisitOffer.objects.count(),
        VisitRequest.objects.count(),
        VisitReport.objects.count(),
    )


def test_demo_accounts_can_log_in(client, loaded):
    for account in loaded:
        assert client.login(email=account.email, password=account.password), account.email
