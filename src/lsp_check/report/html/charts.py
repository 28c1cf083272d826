"""Chart geometry for the HTML report: every coordinate worked out here, so templates only lay shapes out.

The report model says which chart each part gets and its figures (report/model/chart.py); here each is
given its place: plain values (NamedTuples of numbers and strings) that the template draws as inline SVG,
with the table each one is drawn from beside it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import NamedTuple, Union

from lsp_check.figures import num, pct
from lsp_check.report.model.chart import BARS, DISTRIBUTION, GROUPS, LINES, PAIRS, RADAR, Chart
from lsp_check.report.model.words import tone


class Tick(NamedTuple):
    """A gridline of the bar chart at ``x``, labelled with its percentage (anchored so it stays in view)."""

    x: float
    label: str
    anchor: str = "middle"


class Bar(NamedTuple):
    """One section's bar: its title and band above, the filled part of the track, the percentage after it."""

    title: str
    band: str
    value: str
    tone: str
    title_y: float
    y: float
    width: float
    value_y: float


class BarChart(NamedTuple):
    """Horizontal bars of section percentages on a 0–100% track."""

    title: str
    width: float
    height: float
    track: float
    bar_height: float
    value_x: float
    axis_y: float
    tick_y: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]


def percent_bars(chart: Chart, width: float = 560) -> BarChart | None:
    """Horizontal bars of a chart's rows (title, band, percent) on a 0–100% track, or None without rows."""
    rows = [(row.label, row.note, row.values[0]) for row in chart.rows]
    if not rows:
        return None
    row, bar_height, top, value_space = 50.0, 18.0, 6.0, 64.0
    track = width - value_space
    bars = []
    for i, (title, band, percent) in enumerate(rows):
        title_y = top + i * row + 12
        title, band = _fit(title, band, int(width / 7))
        filled = _length(track, percent)
        bars.append(Bar(title, band, pct(percent), tone(percent), title_y, title_y + 8, filled, title_y + 21))
    axis_y = top + len(rows) * row + 4
    return BarChart(chart.title, width, axis_y + 18, track, bar_height, track + 8, axis_y, axis_y + 14, tuple(bars),
                    _ticks(track))


def _length(track: float, percent: float | None) -> float:
    return 0.0 if percent is None else round(track * min(max(percent, 0.0), 100.0) / 100, 1)


def _ticks(track: float) -> tuple[Tick, ...]:
    return tuple(Tick(round(track * p / 100, 1), f"{p}%", "start" if p == 0 else "middle")
                 for p in (0, 25, 50, 75, 100))


class Segment(NamedTuple):
    """One option's part of a distribution bar, its count written inside when there is room."""

    label: str
    chosen: int  # how many respondents chose the option
    x: float
    width: float
    tone: str
    text_x: float
    show_count: bool


class Distribution(NamedTuple):
    """A compact stacked bar of how many respondents chose each option, worst option first."""

    width: float
    height: float
    text_y: float
    title: str
    segments: tuple[Segment, ...]


def distribution(chart: Chart, width: float = 160, height: float = 20) -> Distribution | None:
    """The stacked bar of each option's count (its row), segments as wide as their share; None if no answers."""
    counts = [(row.label, row.tones[0] if row.tones else "none", int(row.values[0] or 0)) for row in chart.rows]
    total = sum(count for _, _, count in counts)
    if not total:
        return None
    segments, x = [], 0.0
    for label, segment_tone, count in counts:
        if not count:
            continue
        length = round(width * count / total, 1)
        segments.append(Segment(label, count, round(x, 1), length, segment_tone, round(x + length / 2, 1),
                                length >= 12))
        x += length
    return Distribution(width, height, round(height / 2 + 4, 1), chart.title, tuple(segments))


class Pair(NamedTuple):
    """A section then and now: two bars under its title, each with its percentage after it."""

    title: str
    then_y: float
    then_width: float
    then_value: str
    now_y: float
    now_width: float
    now_value: str
    title_y: float


class PairedChart(NamedTuple):
    """Then-and-now bars of section percentages on a 0–100% track."""

    title: str
    width: float
    height: float
    track: float
    bar_height: float
    value_x: float
    axis_y: float
    tick_y: float
    then_label: str
    now_label: str
    legend_y: float
    pairs: tuple[Pair, ...]
    ticks: tuple[Tick, ...]


def paired_bars(chart: Chart, width: float = 560) -> PairedChart | None:
    """Bars of each row's then and now percentages, then above now, or None when there are no rows."""
    rows = [(row.label, row.values[0], row.values[1]) for row in chart.rows]
    then_label, now_label = chart.series
    if not rows:
        return None
    row, bar_height, top, value_space = 62.0, 14.0, 30.0, 64.0
    track = width - value_space
    pairs = []
    for i, (title, then, now) in enumerate(rows):
        title_y = top + i * row + 12
        fitted, _ = _fit(title, "", int(width / 7))
        pairs.append(Pair(fitted, title_y + 6, _length(track, then), pct(then),
                          title_y + 6 + bar_height + 4, _length(track, now), pct(now), title_y))
    axis_y = top + len(rows) * row + 4
    return PairedChart(chart.title, width, axis_y + 18, track, bar_height, track + 8, axis_y, axis_y + 14, then_label,
                       now_label, 14.0, tuple(pairs), _ticks(track))


class Point(NamedTuple):
    """A point in chart coordinates."""

    x: float
    y: float


class Axis(NamedTuple):
    """A radar spoke: from the centre to ``end``, labelled (in one or two lines) beyond it."""

    number: int
    end: Point
    label: tuple[str, ...]
    label_at: Point
    anchor: str
    score: str
    answered: bool
    dot: Point


class Ring(NamedTuple):
    """A gridline polygon at one score, with the score written beside the first spoke."""

    points: str
    value: str
    label_at: Point


class Radar(NamedTuple):
    """A radar (spider) chart of one section's item scores."""

    title: str
    width: float
    height: float
    centre: Point
    maximum: str
    axes: tuple[Axis, ...]
    rings: tuple[Ring, ...]
    shape: str


def radar(chart: Chart, width: float = 560, height: float = 400, radius: float = 130) -> Radar:
    """The radar of a chart's rows (a section's scored questions), scaled to the best score a question can get."""
    items = chart.rows
    item_max = chart.maximum
    centre = Point(width / 2, height / 2)

    def at(k: int, fraction: float) -> Point:
        angle = -math.pi / 2 + 2 * math.pi * k / len(items)
        return Point(round(centre.x + radius * fraction * math.cos(angle), 1),
                     round(centre.y + radius * fraction * math.sin(angle), 1))

    axes = []
    for k, item in enumerate(items):
        dx = math.cos(-math.pi / 2 + 2 * math.pi * k / len(items))
        anchor = "middle" if abs(dx) < 0.3 else "start" if dx > 0 else "end"
        label = _wrap(item.label)
        score = item.values[0]
        beyond = at(k, 1.12)
        if beyond.y < centre.y - radius * 0.5:  # above the chart: the last line sits clear of the spoke's end
            label_at = Point(beyond.x, round(beyond.y - 4 - 14 * (len(label) - 1), 1))
        else:
            label_at = Point(beyond.x, round(beyond.y + 4, 1))
        fraction = (score or 0.0) / item_max if item_max else 0.0
        axes.append(Axis(k + 1, at(k, 1.0), label, label_at, anchor, num(score), score is not None,
                         at(k, fraction)))
    steps = max(1, round(item_max)) if float(item_max).is_integer() else 4
    rings = []
    for step in range(1, steps + 1):
        fraction = step / steps
        rings.append(Ring(_points(at(k, fraction) for k in range(len(items))), num(item_max * fraction),
                          Point(round(centre.x + 4, 1), round(centre.y - radius * fraction - 3, 1))))
    shape = _points(axis.dot for axis in axes)
    return Radar(chart.title, width, height, centre, num(item_max), tuple(axes), tuple(rings), shape)


def _fit(title: str, band: str, room: int) -> tuple[str, str]:
    """Shorten a bar's title and band (with an ellipsis) to fit its line; the table beside has them whole."""
    if len(title) + 3 + len(band) <= room:
        return title, band
    if len(title) > room - 12:
        return title[: room - 1].rstrip() + "…", ""
    keep = room - 3 - len(title)
    return title, band[: keep - 1].rstrip() + "…"


def _points(points: Iterable[Point]) -> str:
    return " ".join(f"{num(p.x)},{num(p.y)}" for p in points)


def _wrap(text: str, width: int = 18) -> tuple[str, ...]:
    """Split a label into at most two lines at a space, so it stays beside its spoke."""
    if len(text) <= width or " " not in text:
        return (text,)
    words = text.split(" ")
    first = words[0]
    for i, word in enumerate(words[1:], 1):
        if len(first) + 1 + len(word) > width:
            return (first, " ".join(words[i:]))
        first += " " + word
    return (first,)


class GroupedBar(NamedTuple):
    """One group's bar within a section: its name on the left, the filled track, the percentage after it."""

    name: str
    y: float
    width: float
    value: str
    text_y: float
    room: bool


class BarGroup(NamedTuple):
    """A section of the grouped chart: its title, then a bar for the whole room and for each shown group."""

    title: str
    title_y: float
    bars: tuple[GroupedBar, ...]


class GroupedChart(NamedTuple):
    """Sections' percentages, the room's and each group's bar side by side, on a 0–100% track."""

    title: str
    width: float
    height: float
    track_x: float
    track: float
    bar_height: float
    value_x: float
    axis_y: float
    tick_y: float
    groups: tuple[BarGroup, ...]
    ticks: tuple[Tick, ...]


def grouped_bars(chart: Chart, width: float = 560) -> GroupedChart | None:
    """Bars of each row's (section's) figure per series, the first series the whole room; None with no rows.

    Each bar is named in text on its left, so no group is told apart by colour alone.
    """
    sections = [(row.label, [(name, value, n == 0) for n, (name, value) in enumerate(zip(chart.series, row.values))])
                for row in chart.rows]
    if not sections:
        return None
    name_space, value_space, bar_height, gap, title_space, top = 128.0, 56.0, 14.0, 4.0, 20.0, 4.0
    track = width - name_space - value_space
    y = top
    groups = []
    for title, bars in sections:
        fitted, _ = _fit(title, "", int(width / 7))
        title_y = y + 14
        y += title_space
        drawn = []
        for name, percent, room in bars:
            short, _ = _fit(name, "", 18)
            drawn.append(GroupedBar(short, y, _length(track, percent), pct(percent), y + bar_height - 3, room))
            y += bar_height + gap
        groups.append(BarGroup(fitted, title_y, tuple(drawn)))
        y += 10
    axis_y = y
    ticks = tuple(t._replace(x=round(t.x + name_space, 1)) for t in _ticks(track))
    return GroupedChart(chart.title, width, axis_y + 18, name_space, track, bar_height, name_space + track + 6, axis_y,
                        axis_y + 14, tuple(groups), ticks)


class Marker(NamedTuple):
    """A point of a line: where it is, its figure, and its marker's outline (a shape per line, not colour alone)."""

    x: float
    y: float
    value: str
    outline: str  # polygon points


class Line(NamedTuple):
    """One section over the assessments: its polyline, markers, and its name written at its last point."""

    title: str
    number: int  # 1-based, for the line's CSS class (its colour)
    points: str
    markers: tuple[Marker, ...]
    label_y: float


class LineChart(NamedTuple):
    """Section percentages over the assessments: one line per section on a 0–100% scale, named at its end."""

    title: str
    width: float
    height: float
    left: float
    right: float
    top: float
    axis_y: float
    label_x: float
    x_ticks: tuple[Tick, ...]  # ``x`` across, the assessment's label under the axis
    y_ticks: tuple[Tick, ...]  # ``x`` holds the gridline's height here
    lines: tuple[Line, ...]


LINE_COLOURS = 6  # the line chart has a colour for .line-1 … .line-6; further lines reuse them, with their own marker


def _marker(kind: int, x: float, y: float, size: float = 4.5) -> str:
    """The outline of a marker: a square, diamond, triangle or inverted triangle, by the line's number."""
    shapes = (((-1, -1), (1, -1), (1, 1), (-1, 1)), ((0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)),
              ((0, -1.3), (1.2, 1), (-1.2, 1)), ((-1.2, -1), (1.2, -1), (0, 1.3)))
    return _points(Point(round(x + dx * size, 1), round(y + dy * size, 1)) for dx, dy in shapes[kind % len(shapes)])


def line_chart(chart: Chart, width: float = 560, plot_height: float = 220) -> LineChart | None:
    """A line per row (its percent at each assessment, the series), the assessments evenly spaced in order; None
    without rows or with fewer than two assessments."""
    rows = [(row.label, row.values) for row in chart.rows]
    labels = chart.series
    if not rows or len(labels) < 2:
        return None
    left, top, label_space = 44.0, 12.0, 170.0
    right = width - label_space
    axis_y = top + plot_height
    step = (right - left) / (len(labels) - 1)
    every = max(1, math.ceil(72 / step))  # leave labels out rather than let them overlap
    x_ticks = tuple(Tick(round(left + i * step, 1), label if i % every == 0 or i == len(labels) - 1 else "",
                         "start" if i == 0 else "end" if i == len(labels) - 1 else "middle")
                    for i, label in enumerate(labels))

    def y_of(percent: float) -> float:
        return round(axis_y - plot_height * min(max(percent, 0.0), 100.0) / 100, 1)

    y_ticks = tuple(Tick(y_of(p), f"{p}%", "end") for p in (0, 25, 50, 75, 100))
    lines = []
    for number, (title, percents) in enumerate(rows, 1):
        markers = tuple(Marker(x_ticks[i].x, y_of(p), pct(p), _marker(number - 1, x_ticks[i].x, y_of(p)))
                        for i, p in enumerate(percents) if p is not None)
        fitted = title if len(title) <= 22 else title[:21].rstrip() + "…"
        end = markers[-1].y if markers else axis_y
        lines.append(Line(fitted, (number - 1) % LINE_COLOURS + 1, _points(Point(m.x, m.y) for m in markers),
                          markers, end + 4))
    return LineChart(chart.title, width, axis_y + 30, left, right, top, axis_y, right + 10, x_ticks, y_ticks,
                     _spread(lines, top + 4, axis_y + 4))


def _spread(lines: list[Line], lowest: float, highest: float, gap: float = 15.0) -> tuple[Line, ...]:
    """Move the lines' end labels apart so that no two overlap, keeping each as near its line's end as it can."""
    order = sorted(range(len(lines)), key=lambda i: lines[i].label_y)
    ys = [lines[i].label_y for i in order]
    for k in range(1, len(ys)):
        ys[k] = max(ys[k], ys[k - 1] + gap)
    overflow = ys[-1] - highest if ys else 0
    if overflow > 0:
        ys = [y - overflow for y in ys]
        for k in range(len(ys) - 2, -1, -1):
            ys[k] = min(ys[k], ys[k + 1] - gap)
    placed = list(lines)
    for i, y in zip(order, ys):
        placed[i] = lines[i]._replace(label_y=round(max(y, lowest) if len(ys) * gap <= highest - lowest else y, 1))
    return tuple(placed)


Drawing = Union[BarChart, Radar, Distribution, PairedChart, GroupedChart, LineChart, None]
DRAW: dict[str, Callable[[Chart], Drawing]] = {
    BARS: percent_bars, RADAR: radar, DISTRIBUTION: distribution, PAIRS: paired_bars, GROUPS: grouped_bars,
    LINES: line_chart,
}


def draw(chart: Chart) -> Drawing:
    """A chart of the report model with its geometry worked out, by its kind (None when there is nothing to draw)."""
    return DRAW[chart.kind](chart)


def drawings(model: object) -> dict[Chart, Drawing]:
    """Every chart of a report model, drawn: what a page's template looks each chart up in."""
    found: dict[Chart, Drawing] = {}
    stack: list[object] = [model]
    while stack:
        value = stack.pop()
        if isinstance(value, Chart):
            if value not in found:
                found[value] = draw(value)
        elif isinstance(value, tuple):
            stack.extend(value)
    return found
