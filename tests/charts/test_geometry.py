"""The chart geometry: bars as long as their numbers, classes that never hide the
largest value, a map of all 47 prefectures, and SVG the strict CSP lets through."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from community.charts.geometry import (
    BarChart,
    BarRow,
    ColumnChart,
    Series,
    TreeChart,
    TreeNode,
    class_breaks,
    class_of,
    nice_maximum,
    text_width,
)
from community.municipalities.maps import japan_map, map_legend, prefecture_shapes


def render(tag: str, chart) -> str:
    return Template("{% load charts %}{% " + tag + " chart %}").render(Context({"chart": chart}))


def test_bars_are_as_long_as_their_numbers_and_labelled_with_them():
    chart = BarChart(
        id="t", title="年間の作業時間", description="導入前 1200 時間、導入後 300 時間",
        series=[Series("導入前", 1), Series("導入後", 0)],
        rows=[BarRow("作業時間", [1200, 300])], unit="時間",
    )  # fmt: skip
    before, after = chart.layout()[0]["bars"]
    assert before["length"] == pytest.approx(4 * after["length"], abs=0.5)  # 0.1 px rounding
    svg = render("bar_chart", chart)
    assert "導入前 1,200 時間" in svg and "導入後 300 時間" in svg
    assert 'role="img"' in svg and '<title id="t-title">年間の作業時間</title>' in svg


def test_an_unmeasured_value_draws_no_bar_and_says_so():
    chart = BarChart(id="t", title="x", description="y", rows=[BarRow("a", [None])])
    bar = chart.layout()[0]["bars"][0]
    assert bar["length"] == 0 and bar["text"] == "—"


def test_columns_share_one_axis_that_starts_at_zero():
    chart = ColumnChart(
        id="c", title="x", description="y", categories=["FY2022", "FY2023"], values=[[51, 12]]
    )
    assert chart.maximum == 100
    tall, short = (column["bars"][0] for column in chart.layout())
    assert tall["height"] == pytest.approx(short["height"] * 51 / 12, rel=0.01)
    assert [tick["text"] for tick in chart.ticks] == ["0", "25", "50", "75", "100"]


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (0.3, 0.5), (7, 10), (51, 100), (531, 1000), (120, 200)]
)
def test_axis_ends_on_a_round_number(value, expected):
    assert nice_maximum(value) == expected


def test_the_largest_value_is_always_in_the_darkest_class():
    for top in (1, 2, 3, 4, 7, 100):
        breaks = class_breaks([0, 1, top])
        assert class_of(top, breaks) == 4
        assert class_of(0, breaks) == 0
        assert class_of(1, breaks) >= 1


def test_the_key_covers_every_number_once():
    breaks = class_breaks([10])
    with translation.override("en"):
        labels = [entry["label"] for entry in map_legend(breaks, 10)]
    assert labels[1:] == ["1–2", "3–5", "6–7", "8 or more"]


@pytest.mark.django_db
def test_the_map_has_every_prefecture_with_its_name_and_number():
    from community.municipalities.models import Prefecture

    shapes = prefecture_shapes()["prefectures"]
    assert sorted(shapes) == sorted(Prefecture.objects.values_list("code", flat=True))
    names = dict(Prefecture.objects.values_list("code", "name"))
    chart = japan_map(
        {"08": 5},
        names,
        id="m",
        title="地図",
        description="説明",
        hrefs={"08": "?prefecture=08"},
        current="08",
    )
    svg = render("japan_map", chart)
    assert svg.count("<path d=") >= 47
    assert '<a href="?prefecture=08" aria-label="茨城県: 5" aria-current="true"' in svg
    assert "<title>北海道: 0</title>" in svg


def test_the_tree_draws_each_template_below_its_parent():
    root = TreeNode("元", children=[TreeNode("子", children=[TreeNode("孫")]), TreeNode("子2")])
    rows = TreeChart(id="t", title="x", description="y", root=root).layout()
    assert [row["node"].label for row in rows] == ["元", "子", "孫", "子2"]
    assert rows[2]["x"] > rows[1]["x"] > rows[0]["x"] and rows[3]["x"] == rows[1]["x"]
    assert rows[0]["connector"] is None and all(row["connector"] for row in rows[1:])


def test_no_chart_carries_inline_style_or_script():
    charts = {
        "bar_chart": BarChart(id="a", title="x", description="y", rows=[BarRow("a", [1])]),
        "column_chart": ColumnChart(
            id="b", title="x", description="y", categories=["1"], values=[[1]]
        ),
        "tree_chart": TreeChart(id="c", title="x", description="y", root=TreeNode("r")),
    }
    for tag, chart in charts.items():
        svg = render(tag, chart)
        assert not re.search(r"\sstyle=|<style|<script|https?://(?!www\.w3\.org)", svg), tag


def test_long_labels_are_cut_to_fit_and_numbers_get_the_room_they_need():
    long = "転入手続き1件あたりの窓口所要時間（事前申請の利用者の場合、繁忙期を除く平均）"
    chart = BarChart(
        id="w", title="x", description="y", series=[Series("導入前", 1), Series("導入後", 0)],
        rows=[BarRow(long, [2_700_000, 1_150_000], unit="円/年")], scale_each_row=True,
    )  # fmt: skip
    [row] = chart.layout()
    assert row["label"].endswith("…") and long.startswith(row["label"][:-1])
    assert text_width(row["label"], 14) <= chart.width
    before = row["bars"][0]
    # The longest bar and its number ("導入前 2,700,000 円/年") fit in the chart's width.
    assert before["text_x"] + text_width(before["text"], 13) <= chart.width + 1
