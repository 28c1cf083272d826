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


def below(value: float, threshold: float) -> str:
    """A percentage that fails a gate, shown precisely enough to be seen below the threshold: to one place as
    every report shows it, or to as many more (up to six) as it takes when that rounds up to the threshold or
    past it (59.96 against 60 reads "59.96%", never "60.0%"). Shown figures are cut, not rounded, so they never
    overstate."""
    if half_up(value) < threshold:
        return pct(value)
    for places in range(2, 7):
        scale = 10 ** places
        cut = math.floor(value * scale + _TOLERANCE) / scale
        if cut < threshold:
            return f"{cut:.{places}f}%"
    return f"{value:.6f}%"


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
