"""A case study's outcomes before and after, as bars: one row per metric that has a
number on both sides, each row drawn to its own scale (the metrics count different
things). Metrics without both numbers stay in the table only."""

from django.utils.translation import gettext as _

from community.charts.geometry import BarChart, BarRow, Series, display_number


def charted_metrics(metrics) -> list:
    return [m for m in metrics if m.number_before is not None and m.number_after is not None]


def _with_unit(value, unit: str) -> str:
    return f"{display_number(value)} {unit}".strip()


def outcome_chart(metrics) -> BarChart | None:
    """Before and after bars for each metric measured in numbers (None if none is)."""
    charted = charted_metrics(metrics)
    if not charted:
        return None
    pairs = "; ".join(
        _("%(metric)s: %(before)s before, %(after)s after")
        % {
            "metric": m.metric,
            "before": _with_unit(m.number_before, m.unit),
            "after": _with_unit(m.number_after, m.unit),
        }
        for m in charted
    )
    return BarChart(
        id="case-outcomes",
        title=_("Outcomes before and after"),
        description=_("%(pairs)s. Each metric is drawn to its own scale.") % {"pairs": pairs},
        series=[
            Series(_("Before"), 1),
            Series(_("After"), 0),
        ],
        rows=[BarRow(m.metric, [m.number_before, m.number_after], unit=m.unit) for m in charted],
        scale_each_row=True,
    )
