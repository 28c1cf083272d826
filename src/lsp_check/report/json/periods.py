"""A room's periods of fieldwork as JSON (docs/formats.md), for every kind that carries them: rooms, cluster
partnerships, sectors reports and plans."""

from __future__ import annotations

from collections.abc import Sequence

from lsp_check.method import DEFAULT_THRESHOLD, Period, periods_apart


def periods_data(periods: Sequence[Period], threshold: int = DEFAULT_THRESHOLD) -> list[dict[str, object]] | None:
    """A room's periods of fieldwork (Room.periods): more than one looks like separate assessments combined. Their
    dates only: every date is in the room's ``dates`` already, and how many answered in each is not given.

    ``None`` when there are several and one holds fewer than the anonymity ``threshold``: the reports' warning then
    names no period (report/model/words.py combined_assessments), and neither does the JSON, so that it does not
    point out a few late respondents as a group of their own."""
    if periods[1:] and not periods_apart(periods, threshold):
        return None
    return [{"first_date": period.first, "last_date": period.last} for period in periods]
