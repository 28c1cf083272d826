"""A room's periods of fieldwork as JSON (docs/formats.md), for every kind that carries them: rooms, cluster
partnerships, sectors reports and plans."""

from __future__ import annotations

from collections.abc import Sequence

from lsp_check.method import Period


def periods_data(periods: Sequence[Period]) -> list[dict[str, object]]:
    """A room's periods of fieldwork (Room.periods): more than one looks like separate assessments combined. Their
    dates only: every date is in the room's ``dates`` already, and how many answered in each is not given."""
    return [{"first_date": period.first, "last_date": period.last} for period in periods]
