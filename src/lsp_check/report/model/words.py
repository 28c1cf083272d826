"""The few phrases every report shares, written once: names, counts, date ranges, movement and signed numbers."""

from __future__ import annotations

from collections.abc import Iterable

UNNAMED = "(partnership not named)"
NO_NEEDS = "No answers raised a need."
WEAK_MARK = "▲"
TRACKED_MARK = "◆"
DISAGREE_MARK = "⚠"
ARROWS = {"up": "▲", "down": "▼", "level": "="}
MOVEMENT = {"up": "up", "down": "down", "level": "level"}


def partnership_name(name: str) -> str:
    """A partnership's name as a report shows it, saying so when the answers did not give one."""
    return name or UNNAMED


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 respondent', '3 respondents' (or the given plural)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def date_range(dates: Iterable[str]) -> str:
    """One date, 'first to last' for several (in the order given), or '' for none."""
    found = [d for d in dates if d]
    if not found:
        return ""
    return found[0] if len(found) == 1 or found[0] == found[-1] else f"{found[0]} to {found[-1]}"


def signed(value: float | None, places: str = ".1f") -> str:
    """A change with its sign ('+4.2', '-1.0'), or an en dash when there is none."""
    return "–" if value is None else format(value, "+" + places)


def band_label(label: str, estimated: bool) -> str:
    """A band's label as a table cell shows it, marked when it was estimated from the questions answered."""
    return label + (" (estimated)" if estimated else "")


def band_heading(label: str, estimated: bool) -> str:
    """A band's label as a section's heading or band line shows it, saying why it is estimated."""
    return label + (" (estimated from the questions answered)" if estimated else "")
