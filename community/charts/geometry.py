"""Charts drawn on the server as SVG: plain data in, geometry out, for the templates in
``templates/charts/``. No JavaScript, no outside host, text as text (so screen
readers, search and print all read it), and every colour paired with a pattern or a
label, so nothing depends on telling colours apart.

Each chart is a dataclass the caller fills with labels and numbers; its properties
compute where each bar, column, node or shape goes in a viewBox that the stylesheet
scales to the width available (``.chart { width: 100%; height: auto }``). Callers
pass the numbers as they are: tests compare them with the database."""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format

# One look per series: a fill with at least 3:1 contrast against white, and a
# pattern drawn over it in white (or none), so series differ without colour.
SERIES_STYLES = (
    {"fill": "#0017c1", "pattern": ""},
    {"fill": "#5c5c5c", "pattern": "hatch"},
    {"fill": "#197a4b", "pattern": "dots"},
)
TEXT = "#1a1a1a"
GRID = "#767676"


def display_number(value) -> str:
    """12,345 or 12.5 (no trailing zeros), grouped as the reader's language groups."""
    if isinstance(value, Decimal):
        value = value.normalize()
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return number_format(value, force_grouping=True)


def text_width(text: str, size: float) -> float:
    """About how wide ``text`` is drawn at ``size`` px: a full em for Japanese (and other
    wide) characters, a little over half an em for Latin letters and digits."""
    return sum(size if ord(char) >= 0x2E80 else size * 0.62 for char in text)


def fit_text(text: str, size: float, room: float) -> str:
    """``text`` cut short with "…" so that it fits in ``room`` px at ``size`` px."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


def nice_maximum(value: float) -> float:
    """The axis end: 1, 2, 2.5 or 5 × 10ⁿ at or above ``value`` (1 for nothing)."""
    if value <= 0:
        return 1
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value:
            return candidate
    return 10 ** (exponent + 1)  # pragma: no cover - the loop always returns


@dataclass
class Series:
    label: str
    index: int = 0

    @property
    def style(self) -> dict:
        return SERIES_STYLES[self.index % len(SERIES_STYLES)]


@dataclass
class Chart:
    """What every chart has: an id for its title and description, and the text that a
    screen reader reads instead of the picture."""

    id: str
    title: str
    description: str
    series: list[Series] = field(default_factory=list)

    @property
    def patterned_series(self) -> list[Series]:
        return [series for series in self.series if series.style["pattern"]]


# --- Horizontal bars: one row per label, one bar per series in the row -------------


@dataclass
class BarRow:
    label: str
    values: list  # one number (or None: not measured) per series
    href: str = ""
    unit: str = ""  # this row's unit, where rows measure different things

    @property
    def maximum(self) -> float:
        return max((float(v) for v in self.values if v is not None), default=0) or 1


@dataclass
class BarChart(Chart):
    rows: list[BarRow] = field(default_factory=list)
    unit: str = ""
    width: int = 480
    label_height: int = 20
    bar_height: int = 18
    bar_gap: int = 4
    row_gap: int = 14
    # Room right of the longest bar for its number; None: as wide as the widest number.
    value_space: int | None = None
    # Each row drawn to its own scale (its largest value the full width): for rows
    # that measure different things, such as a case study's outcomes before and after.
    scale_each_row: bool = False
    # Labels left of the bars in a column this wide (0: each label above its bars), for
    # short labels such as population bands.
    label_width: int = 0

    @property
    def maximum(self) -> float:
        values = [float(v) for row in self.rows for v in row.values if v is not None]
        return max(values, default=0) or 1

    @property
    def value_room(self) -> float:
        if self.value_space is not None:
            return self.value_space
        series = self.series or [Series("")]
        texts = [
            self.value_text(value, series[index % len(series)], row.unit)
            for row in self.rows
            for index, value in enumerate(row.values)
        ]
        widest = max((text_width(text, 13) for text in texts), default=0)
        return min(math.ceil(widest) + 12, self.width // 2)

    @property
    def label_above(self) -> int:
        """The height of the label line above each row's bars."""
        return 0 if self.label_width else self.label_height

    @property
    def axis_x(self) -> float:
        return self.label_width + 0.5

    @property
    def row_height(self) -> int:
        bars = max(len(self.series), 1)
        gap = self.row_gap // 2 if self.label_width else self.row_gap
        return self.label_above + bars * (self.bar_height + self.bar_gap) + gap

    @property
    def height(self) -> int:
        return max(len(self.rows), 1) * self.row_height + (24 if len(self.series) > 1 else 0)

    @property
    def legend_y(self) -> int:
        return len(self.rows) * self.row_height + 6

    def layout(self) -> list[dict]:
        room = self.width - self.label_width - self.value_room
        series = self.series or [Series("")]
        rows = []
        for number, row in enumerate(self.rows):
            scale = room / (row.maximum if self.scale_each_row else self.maximum)
            top = number * self.row_height
            bars = []
            for index, value in enumerate(row.values):
                y = top + self.label_above + index * (self.bar_height + self.bar_gap)
                length = 0 if value is None else max(float(value) * scale, 0)
                if value is not None and float(value) > 0:
                    length = max(length, 2)  # a small number still shows
                bars.append(
                    {
                        "series": series[index % len(series)],
                        "x": self.label_width,
                        "y": y,
                        "length": round(length, 1),
                        "text_x": round(self.label_width + length + 6, 1),
                        "text_y": y + self.bar_height - 4,
                        "text": self.value_text(value, series[index % len(series)], row.unit),
                    }
                )
            if self.label_width:
                label = fit_text(row.label, 13, self.label_width - 8)
                label_x, label_y = self.label_width - 8, top + self.bar_height - 4
            else:
                label = fit_text(row.label, 14, self.width)
                label_x, label_y = 0, top + 15
            rows.append(
                {"row": row, "label": label, "label_x": label_x, "label_y": label_y, "bars": bars}
            )
        return rows

    def value_text(self, value, series: Series, unit: str = "") -> str:
        if value is None:
            return "—"
        text = display_number(value)
        if unit or self.unit:
            text = f"{text} {unit or self.unit}"
        if len(self.series) > 1 and series.label:
            text = f"{series.label} {text}"
        return text


# --- Columns over time (or any ordered categories), series side by side ------------


@dataclass
class ColumnChart(Chart):
    categories: list[str] = field(default_factory=list)
    values: list[list] = field(default_factory=list)  # values[series][category]
    width: int = 480
    height: int = 260
    left: int = 44
    bottom: int = 44
    top: int = 22

    @property
    def maximum(self) -> float:
        return nice_maximum(max((float(v or 0) for row in self.values for v in row), default=0))

    @property
    def plot_height(self) -> int:
        return self.height - self.bottom - self.top

    @property
    def ticks(self) -> list[dict]:
        ticks = []
        for step in range(5):
            value = self.maximum * step / 4
            y = self.top + self.plot_height - self.plot_height * step / 4
            ticks.append({"y": round(y, 1), "text": display_number(round(value, 2))})
        return ticks

    def layout(self) -> list[dict]:
        count = max(len(self.categories), 1)
        slot = (self.width - self.left - 8) / count
        group = min(slot * 0.8, 28 * max(len(self.values), 1))
        bar = group / max(len(self.values), 1)
        columns = []
        for number, label in enumerate(self.categories):
            x0 = self.left + number * slot + (slot - group) / 2
            bars = []
            for index, row in enumerate(self.values):
                value = float(row[number] or 0)
                height = self.plot_height * value / self.maximum
                y = self.top + self.plot_height - height
                bars.append(
                    {
                        "series": self.series[index] if index < len(self.series) else Series(""),
                        "x": round(x0 + index * bar, 1),
                        "y": round(y, 1),
                        "width": round(bar - 2, 1),
                        "height": round(height, 1),
                        "centre": round(x0 + index * bar + (bar - 2) / 2, 1),
                        "text": display_number(row[number] or 0),
                        "text_y": round(y - 4, 1),
                    }
                )
            columns.append(
                {
                    "label": label,
                    "x": round(self.left + number * slot + slot / 2, 1),
                    "bars": bars,
                }
            )
        return columns

    @property
    def axis_y(self) -> int:
        return self.top + self.plot_height

    @property
    def label_y(self) -> int:
        return self.axis_y + 18

    @property
    def legend_y(self) -> int:
        return self.height - 8


# --- A family tree, drawn as an indented outline with connecting lines -------------


@dataclass
class TreeNode:
    label: str
    note: str = ""
    href: str = ""
    current: bool = False
    children: list["TreeNode"] = field(default_factory=list)


@dataclass
class TreeChart(Chart):
    root: TreeNode | None = None
    width: int = 480
    indent: int = 22
    row_height: int = 40

    def layout(self) -> list[dict]:
        rows: list[dict] = []

        def walk(node: TreeNode, depth: int, parent_row: int | None):
            number = len(rows)
            x = 8 + depth * self.indent
            y = number * self.row_height + 8
            label = fit_text(node.label, 14, self.width - x - 18)
            connector = None
            if parent_row is not None:
                parent = rows[parent_row]
                connector = f"M{parent['x'] + 6},{parent['y'] + 12}V{y + 12}H{x}"
            note = fit_text(node.note, 12, self.width - x - 18)
            rows.append(
                {"node": node, "x": x, "y": y, "label": label, "note": note, "connector": connector}
            )
            for child in node.children:
                walk(child, depth + 1, number)

        if self.root is not None:
            walk(self.root, 0, None)
        return rows

    @property
    def height(self) -> int:
        return max(len(self.layout()), 1) * self.row_height + 8


# --- Prefecture map ---------------------------------------------------------------

# Five classes, light to dark, each with its own pattern: the class shows in grey
# print and to readers who cannot tell the blues apart. Class 0 is "none".
MAP_CLASSES = (
    {"fill": "#ffffff", "pattern": "", "ink": "#1a1a1a"},
    {"fill": "#d4e3fb", "pattern": "dots", "ink": "#1a1a1a"},
    {"fill": "#8db0ee", "pattern": "hatch", "ink": "#1a1a1a"},
    {"fill": "#3d6ee0", "pattern": "cross", "ink": "#ffffff"},
    {"fill": "#000082", "pattern": "", "ink": "#ffffff"},
)


def class_breaks(values) -> list[int]:
    """Upper bounds of classes 1–3 (class 4 is everything above, so the largest value
    is always the darkest): quarters of the largest value, rounded down."""
    top = max((int(v) for v in values), default=0)
    return [top * step // 4 for step in (1, 2, 3)]


def class_of(value: int, breaks: list[int]) -> int:
    if value <= 0:
        return 0
    for number, bound in enumerate(breaks, start=1):
        if value <= bound:
            return number
    return 4


@dataclass
class MapArea:
    code: str
    name: str
    value: int
    d: str
    href: str = ""
    current: bool = False
    klass: int = 0
    summary: str = ""

    @property
    def style(self) -> dict:
        return MAP_CLASSES[self.klass]


@dataclass
class MapChart(Chart):
    areas: list[MapArea] = field(default_factory=list)
    viewbox: tuple = (1000, 1000)
    legend: list[dict] = field(default_factory=list)

    @property
    def width(self):
        return self.viewbox[0]

    @property
    def height(self):
        return self.viewbox[1]
