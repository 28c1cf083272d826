"""The few phrases every report shares, written once: names, counts, date ranges, movement and signed numbers."""

from __future__ import annotations

from collections.abc import Iterable

UNNAMED = "(partnership not named)"
NO_NEEDS = "No answers raised a need."
WEAK_MARK = "▲"
TRACKED_MARK = "◆"
DISAGREE_MARK = "⚠"
ARROWS = {"up": "▲", "down": "▼", "level": "="}
MOVEMENT = {"up": "up", "down": "down", "level": "no change"}


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
