"""A case study's outcomes as before/after bars: the numbers are the metrics' own,
a metric without a number on both sides stays in the table only, and the page keeps
its query count."""

from decimal import Decimal

import pytest

from casestudies.cases.models import OutcomeMetric

pytestmark = pytest.mark.django_db

KAMISHIHORO = [
    {"metric": "粗大ごみ申込の電話受付件数", "value_before": "年610件", "value_after": "年256件",
     "number_before": 610, "number_after": 256, "unit": "件/年"},
    {"metric": "スマートフォンからの申込割合", "value_before": "0%", "value_after": "58%",
     "number_before": 0, "number_after": 58, "unit": "%"},
    {"metric": "基礎研修の受講率", "value_before": "－", "value_after": "職員の約7〜8割",
     "unit": "%"},
    {"metric": "庁内DX研修の開催回数", "value_before": "－", "value_after": "51回",
     "number_after": 51, "unit": "回"},
]  # fmt: skip


def test_each_metric_with_numbers_before_and_after_is_a_pair_of_bars(client, case_study_factory):
    case = case_study_factory("016331", metrics=KAMISHIHORO)
    response = client.get(case.url)
    chart = response.context["outcome_chart"]
    stored = {
        m.metric: (m.number_before, m.number_after, m.unit)
        for m in OutcomeMetric.objects.filter(page=case, number_before__isnull=False).exclude(
            number_after=None
        )
    }
    assert {row.label: (*row.values, row.unit) for row in chart.rows} == stored
    assert [series.label for series in chart.series] == ["導入前", "導入後"]
    body = response.content.decode()
    assert 'aria-labelledby="case-outcomes-title case-outcomes-desc"' in body
    assert "導入前 610 件/年" in body and "導入後 256 件/年" in body
    assert "粗大ごみ申込の電話受付件数: 導入前 610 件/年、導入後 256 件/年" in body  # the <desc>
    # Each row is drawn to its own scale: the larger of the two is the full width.
    before, after = chart.layout()[0]["bars"]
    assert after["length"] == pytest.approx(before["length"] * 256 / 610, rel=0.01)
    assert chart.layout()[1]["bars"][1]["length"] == before["length"]


def test_metrics_without_two_numbers_show_in_the_table_only(client, case_study_factory):
    case = case_study_factory("016331", metrics=KAMISHIHORO[2:])
    response = client.get(case.url)
    assert response.context["outcome_chart"] is None
    body = response.content.decode()
    assert "case-outcomes" not in body
    assert "基礎研修の受講率" in body and "職員の約7〜8割" in body


def test_decimals_read_as_written(client, case_study_factory):
    case = case_study_factory(
        metrics=[
            {"metric": "乳幼児健診の受診率", "value_before": "94.1%", "value_after": "96.8%",
             "number_before": Decimal("94.10"), "number_after": Decimal("96.80"), "unit": "%"},
        ]
    )  # fmt: skip
    body = client.get(case.url).content.decode()
    assert "導入前 94.1 %" in body and "導入後 96.8 %" in body
