"""Which chart a part of a report gets, its words and the figures it is drawn from.

The model says *what* is drawn; the HTML format works out where (report/html/charts.py). Every chart has a
table beside it with the same figures, so a chart never says anything the table does not.
"""

from __future__ import annotations

from typing import NamedTuple

BARS = "bars"  # one bar per row, 0–100%: a report's sections
RADAR = "radar"  # one spoke per row, 0 to ``maximum``: a section's questions
PAIRS = "pairs"  # two bars per row (``series``: then, now): a comparison's sections
GROUPS = "groups"  # a bar per series in each row (the room, then each group): sectors side by side
LINES = "lines"  # a line per row over ``series`` (the assessments): a trend
DISTRIBUTION = "distribution"  # one stacked bar of counts: how a room answered one question


class ChartRow(NamedTuple):
    """One row of a chart: its label, a figure per series (None where there is none), and words beside it."""

    label: str
    values: tuple[float | None, ...]
    note: str = ""  # a bar's band; a spoke's short name is its label
    tones: tuple[str, ...] = ()  # a distribution's segment tones: low, mid, high (words.tone and the levels)


class Chart(NamedTuple):
    """A chart: its kind, its title (what a screen reader says), its caption, and its rows."""

    kind: str
    title: str
    caption: str
    rows: tuple[ChartRow, ...]
    series: tuple[str, ...] = ()
    maximum: float = 100.0
