"""The map of Japan's 47 prefectures as SVG outlines, coloured by a number per
prefecture (``community.charts``). The outlines are japanmap's simplified
boundaries (Apache-2.0), written to ``data/prefecture_shapes.json`` by
``.ci/prefecture_shapes.py``."""

import json
from functools import cache
from pathlib import Path

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from community.charts.geometry import MAP_CLASSES, MapArea, MapChart, class_breaks, class_of

SHAPES_FILE = Path(__file__).resolve().parent / "data" / "prefecture_shapes.json"


@cache
def prefecture_shapes() -> dict:
    """{"viewbox": [w, h], "prefectures": {"01": {"d": path, "centre": [x, y]}, …}}"""
    return json.loads(SHAPES_FILE.read_text(encoding="utf-8"))


def _range_label(low: int, high: int | None) -> str:
    if high is None:
        return _("%(low)s or more") % {"low": number_format(low, force_grouping=True)}
    if low == high:
        return number_format(low, force_grouping=True)
    return _("%(low)s–%(high)s") % {
        "low": number_format(low, force_grouping=True),
        "high": number_format(high, force_grouping=True),
    }


def map_legend(breaks: list[int], top: int) -> list[dict]:
    """One key entry per class that some value can fall in (ranges never overlap)."""
    legend = [{"style": MAP_CLASSES[0], "label": pgettext("map key", "None")}]
    low = 1
    for number, bound in enumerate(breaks, start=1):
        if bound >= low:
            legend.append({"style": MAP_CLASSES[number], "label": _range_label(low, bound)})
            low = bound + 1
    if top > 0:
        legend.append({"style": MAP_CLASSES[4], "label": _range_label(low, None)})
    return legend


def japan_map(
    values: dict[str, int],
    names: dict[str, str],
    *,
    id: str,
    title: str,
    description: str,
    summaries: dict[str, str] | None = None,
    hrefs: dict[str, str] | None = None,
    current: str = "",
) -> MapChart:
    """A choropleth of ``values`` (prefecture code → number): five classes, each with
    its own fill and pattern; every prefecture carries its name and number as text."""
    shapes = prefecture_shapes()
    breaks = class_breaks(values.values())
    areas = []
    for code, shape in shapes["prefectures"].items():
        value = int(values.get(code, 0))
        areas.append(
            MapArea(
                code=code,
                name=names.get(code, code),
                value=value,
                d=shape["d"],
                href=(hrefs or {}).get(code, ""),
                current=code == current,
                klass=class_of(value, breaks),
                summary=(summaries or {}).get(code)
                or f"{names.get(code, code)}: {number_format(value, force_grouping=True)}",
            )
        )
    return MapChart(
        id=id,
        title=title,
        description=description,
        areas=areas,
        viewbox=tuple(shapes["viewbox"]),
        legend=map_legend(breaks, max(values.values(), default=0)),
    )
