"""How numbers read in every report: whole numbers without a decimal point, percentages to one place, every
figure rounded once, halves away from zero (docs/method.md)."""

from __future__ import annotations

import math

# Below any difference two of the method's figures can have, above floating-point error: 56.25 stored as
# 56.24999… still reads 56.3.
_TOLERANCE = 1e-9


def half_up(value: float, places: int = 1) -> float:
    """A figure rounded as every report shows it: to ``places`` decimals, a half away
    from zero (56.25 → 56.3, -6.65 → -6.7), never to the even neighbour as ``round`` does (56.25 → 56.2)."""
    scale = 10 ** places
    magnitude = math.floor(abs(value) * scale + 0.5 + _TOLERANCE) / scale
    return math.copysign(magnitude, value) if magnitude else 0.0


def below(value: float, threshold: float, unit: str = "%") -> str:
    """A figure (0 or more) below a threshold, shown precisely enough to be seen below it: to one place as every
    report shows it, or to as many more (up to six) as it takes when that rounds up to the threshold or past it
    (59.96 against 60 reads "59.96%", never "60.0%"; a fall of 6.667 points against 6.67 reads "6.66"). Shown
    figures are cut, not rounded, so they never overstate. ``unit`` follows the figure ("%", or "" for points)."""
    if half_up(value) < threshold:
        return f"{half_up(value):.1f}{unit}"
    # Six places at most: a figure that close to its threshold is at it (method.GATE_TOLERANCE), so never shown.
    places = next((p for p in range(2, 6) if _cut(value, p) < threshold), 6)
    return f"{_cut(value, places):.{places}f}{unit}"


def _cut(value: float, places: int) -> float:
    """A figure cut (not rounded) to ``places`` decimals."""
    scale: int = 10 ** places
    return math.floor(value * scale + _TOLERANCE) / scale


def short_fall(change: float, min_change: float) -> str:
    """A fall that is less than --min-change before rounding, though shown at it or more, cut so that it reads
    below the threshold: '6.66 points before rounding, less than --min-change 6.67'."""
    return f"{below(-change, min_change, '')} points before rounding, less than --min-change {num(min_change)}"


def num(value: float | None) -> str:
    """A score as people write it: 18, 2.5."""
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def pct(value: float | None) -> str:
    """A percentage to one decimal place (rounded half up), or a dash when nothing was answered."""
    return "–" if value is None else f"{half_up(value):.1f}%"


def json_number(value: float | None) -> float | int | None:
    """A number for JSON: integers stay integers."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
