import pytest

from community.municipalities.bands import BUDGET, POPULATION, budget_band_for, population_band_for
from community.municipalities.models import Municipality


@pytest.mark.parametrize(
    ("population", "slug"),
    [
        (0, "under_5k"),
        (4_999, "under_5k"),
        (5_000, "5k_10k"),
        (9_999, "5k_10k"),
        (10_000, "10k_30k"),
        (29_999, "10k_30k"),
        (30_000, "30k_50k"),
        (49_999, "30k_50k"),
        (50_000, "50k_100k"),
        (99_999, "50k_100k"),
        (100_000, "100k_300k"),
        (299_999, "100k_300k"),
        (300_000, "300k_500k"),
        (499_999, "300k_500k"),
        (500_000, "500k_plus"),
        (3_700_000, "500k_plus"),
    ],
)
def test_population_bands_at_their_edges(population, slug):
    assert population_band_for(population).slug == slug


def test_population_band_labels_read_as_product_md_in_japanese():
    from django.utils import translation

    with translation.override("ja"):
        assert str(population_band_for(4_000).label) == "5千人未満"
        assert str(population_band_for(7_000).label) == "5千〜1万"
        assert str(population_band_for(600_000).label) == "50万以上"


@pytest.mark.parametrize(
    ("yen", "slug"),
    [
        (0, "zero"),
        (1, "upto_100k"),
        (100_000, "upto_100k"),
        (100_001, "upto_1m"),
        (10_000_000, "upto_10m"),
        (10_000_001, "over_10m"),
    ],
)
def test_budget_bands_at_their_edges(yen, slug):
    assert budget_band_for(yen).slug == slug


def test_budget_band_of_undisclosed_budget_is_none():
    assert budget_band_for(None) is None


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["under_5k", "5k_10k", "30k_50k", "500k_plus"])
def test_band_queryset_agrees_with_the_property(slug):
    in_band = list(Municipality.objects.in_population_band(slug))
    assert in_band
    assert all(m.population_band.slug == slug for m in in_band)
    outside = Municipality.objects.exclude(pk__in=[m.pk for m in in_band])
    assert not any(m.population_band.slug == slug for m in outside)


@pytest.mark.django_db
def test_one_band_query_serves_every_model_that_reaches_a_municipality():
    from community.forum.models import Question

    band = POPULATION.get("5k_10k")
    towns = set(Municipality.objects.filter(band.q()).values_list("code", flat=True))
    assert "064033" in towns and "082104" not in towns  # 飯豊町 6,203; 下妻市 42,071
    # The same band through a relation: the prefix leads to the municipality.
    sql = str(Question.objects.filter(band.q("municipality__")).query)
    assert '"population" >= 5000' in sql and '"population" < 10000' in sql


def test_a_free_range_is_a_band_and_names_a_band_when_it_is_one():
    assert POPULATION.range(5_000, 10_000) is POPULATION.get("5k_10k")
    free = POPULATION.range(None, 50_000)
    assert (free.slug, free.minimum, free.maximum) == ("", 0, 50_000)
    assert free.contains(49_999) and not free.contains(50_000)


def test_a_band_narrowed_by_a_range_keeps_only_the_overlap():
    band = POPULATION.get("10k_30k")
    assert band.narrowed(None, None) is band
    narrowed = band.narrowed(20_000, 100_000)
    assert (narrowed.minimum, narrowed.maximum) == (20_000, 30_000)
    assert POPULATION.get("500k_plus").narrowed(None, 600_000).maximum == 600_000


@pytest.mark.django_db
def test_the_zero_budget_band_finds_0_yen_and_never_an_undisclosed_budget():
    from casestudies.cases.models import CaseStudyPage

    sql = str(CaseStudyPage.objects.filter(BUDGET.get("zero").q()).query)
    assert '"budget_yen" >= 0' in sql and '"budget_yen" < 1' in sql
