"""What an answers file's date is: an ISO date, YYYY-MM-DD, and nothing else.

One rule for validate, score and trend alike, so that a file one of them accepts the others accept too. Dates
written as text sort as dates only in this form (a room's "first to last", trend's order); form exports' own
formats are converted to it when they are read (load/formdates.py).
"""

from __future__ import annotations

import datetime
import re

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
EXPECTED = "an ISO date, YYYY-MM-DD, such as 2006-02-24"


def iso_date(text: str) -> datetime.date | None:
    """The date an ISO date's text gives (2006-02-24), or None for anything else (24/02/2006, 2006-2-24, 2006-02-30)."""
    if not _ISO.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None
