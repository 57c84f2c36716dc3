"""A curriculum's delivery record per 年度 as columns (sessions, participants), the
numbers summed from the deliveries in the database: 下妻市's 51 回 / 531 人 in
令和5年度 is a column of its own. And who adopted it, by population band."""

import datetime
from collections import defaultdict

import pytest

from casestudies.adoption.services import adopt
from casestudies.curricula.models import CurriculumDelivery
from casestudies.knowledge.fiscal import fiscal_year_of
from community.municipalities.models import Municipality

from .test_curricula import SHIMOTSUMA_FY2023

pytestmark = pytest.mark.django_db


def per_year_in_database(curriculum) -> dict[int, tuple[int, int]]:
    totals = defaultdict(lambda: [0, 0])
    for delivery in CurriculumDelivery.objects.filter(curriculum=curriculum):
        year = fiscal_year_of(delivery.delivered_on)
        totals[year][0] += delivery.sessions
        totals[year][1] += delivery.participants
    return {year: tuple(pair) for year, pair in totals.items()}


def test_sessions_and_participants_per_fiscal_year_are_columns(client, curriculum_factory):
    curriculum = curriculum_factory(
        deliveries=[
            ("082104", "2022-10-17", 6, 58),
            *SHIMOTSUMA_FY2023,
            ("064033", "2025-06-10", 4, 38),  # nothing in 令和6年度: a zero column
        ]
    )
    response = client.get(curriculum.url)
    sessions, participants = response.context["delivery_charts"]
    expected = per_year_in_database(curriculum)
    years = [2022, 2023, 2024, 2025]
    assert sessions.categories == ["2022年度", "2023年度", "2024年度", "2025年度"]
    assert sessions.values == [[expected.get(year, (0, 0))[0] for year in years]]
    assert participants.values == [[expected.get(year, (0, 0))[1] for year in years]]
    assert (sessions.values[0][1], participants.values[0][1]) == (51, 531)
    fy2023 = sessions.layout()[1]["bars"][0]
    assert fy2023["height"] > 0 and fy2023["text"] == "51"
    assert participants.layout()[1]["bars"][0]["text"] == "531"
    body = response.content.decode()
    assert 'aria-labelledby="delivery-sessions-title delivery-sessions-desc"' in body
    assert 'aria-labelledby="delivery-participants-title delivery-participants-desc"' in body
    assert "令和5年度 531人" in body  # the participants chart's <desc>


def test_a_curriculum_never_delivered_has_no_delivery_chart(client, curriculum_factory):
    response = client.get(curriculum_factory().url)
    assert response.context["delivery_charts"] == []
    assert "delivery-sessions" not in response.content.decode()


def test_adopters_of_a_curriculum_are_counted_by_population_band(client, curriculum_factory):
    curriculum = curriculum_factory()
    for code in ("064033", "314013", "203858", "085219"):
        adopt(
            curriculum, Municipality.objects.get(code=code), actor=None,
            adopted_on=datetime.date(2024, 5, 20),
        )  # fmt: skip
    bands = client.get(curriculum.url).context["adopter_bands"]
    populations = Municipality.objects.filter(adoptions__page=curriculum).values_list(
        "population", flat=True
    )
    for row in bands.rows:
        assert row.adopters == sum(1 for p in populations if row.band.contains(p))
    assert bands.total == 4
