"""How numbers read in every report: whole numbers without a decimal point, percentages to one place."""

from __future__ import annotations


def num(value: float | None) -> str:
    """A score as people write it: 18, 2.5."""
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def pct(value: float | None) -> str:
    """A percentage to one decimal place, or a dash when nothing was answered."""
    return "–" if value is None else f"{value:.1f}%"


def json_number(value: float | None) -> float | int | None:
    """A number for JSON: integers stay integers."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
