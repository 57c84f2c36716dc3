"""An app template's pictures: who adopted it by population band (counted against
the adopters' own populations) and its lineage as a small tree diagram."""

from collections import Counter

import pytest

from casestudies.adoption.models import Adoption
from community.municipalities.bands import population_band_for

from .test_detail import adopt_by

pytestmark = pytest.mark.django_db


def bands_in_database(page) -> Counter:
    return Counter(
        population_band_for(population).slug
        for population in Adoption.objects.filter(page_id=page.pk).values_list(
            "municipality__population", flat=True
        )
    )


def test_adopters_are_counted_by_the_population_band_of_each_town(client, template_factory):
    template = template_factory("082104")
    # Small towns of 山形県 and 茨城県, 豊橋市 (about 370,000) and 岡山市 (about 720,000).
    adopt_by(template, "064033", "063657", "085219", "082317", "232017", "331007")
    response = client.get(template.url)
    bands = response.context["adopter_bands"]
    assert {row.band.slug: row.adopters for row in bands.rows if row.adopters} == dict(
        bands_in_database(template)
    )
    assert bands.total == 6
    assert [row.values[0] for row in bands.chart.rows] == [row.adopters for row in bands.rows]
    body = response.content.decode()
    assert 'aria-labelledby="adopter-bands-title adopter-bands-desc"' in body
    assert "人口規模別の導入自治体数" in body  # the table's caption beside the chart


def test_a_template_nobody_adopted_has_no_band_chart(client, template_factory):
    response = client.get(template_factory("082104").url)
    assert response.context["adopter_bands"] is None
    assert "adopter-bands" not in response.content.decode()


def test_the_lineage_is_drawn_as_a_tree_of_the_family(client, template_factory):
    root = template_factory("082104", title="下妻市の健診予約")
    child = template_factory("064033", title="飯豊町の巡回健診予約", derived_from=root)
    grandchild = template_factory("314013", title="日南町の受診勧奨", derived_from=child)
    sibling = template_factory("063657", title="別の派生", derived_from=root)
    adopt_by(root, "064033", "085219")
    adopt_by(child, "063665", "314013")
    adopt_by(grandchild, "314030")

    response = client.get(child.url)
    chart = response.context["lineage_chart"]
    rows = chart.layout()
    expected = {
        page.title: Adoption.objects.filter(page_id=page.pk).count()
        for page in (root, child, grandchild, sibling)
    }
    assert rows[0]["node"].label == "下妻市の健診予約"
    assert {row["node"].label for row in rows} == set(expected)
    for row in rows:
        assert f"{expected[row['node'].label]}自治体が導入" in row["node"].note
    by_label = {row["node"].label: row for row in rows}
    assert by_label["飯豊町の巡回健診予約"]["node"].current
    assert by_label["日南町の受診勧奨"]["x"] > by_label["飯豊町の巡回健診予約"]["x"]
    assert by_label["別の派生"]["x"] == by_label["飯豊町の巡回健診予約"]["x"]
    body = response.content.decode()
    assert 'aria-labelledby="template-lineage-title template-lineage-desc"' in body
    assert "4件のテンプレート" in body  # the <desc>


def test_a_template_without_relatives_has_no_tree(client, template_factory):
    response = client.get(template_factory("082104").url)
    assert response.context["lineage_chart"] is None
