"""Dates as online forms and spreadsheets write them, read as ISO dates (YYYY-MM-DD)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_YMD = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(?:\s.*)?$")  # Google Forms: 2006/02/24 10:15:00 AM GMT
_NUMERIC = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:[\sT,].*)?$")
_DAY_MONTH = re.compile(r"(\d{1,2})[\s\-]+([A-Za-z]{3,})\.?[\s\-,]+(\d{4}|\d{2})(?:[\sT,].*)?$")  # 24 Feb 2006
_MONTH_DAY = re.compile(r"([A-Za-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})(?:[\sT,].*)?$")  # February 24, 2006
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


class DateColumn:
    """The dates of one column, whose numeric dates are read day-first or month-first as the whole column shows."""

    def __init__(self, cells: Iterable[str], order: str = "") -> None:
        # A tool that always writes one order ("mdy" for SurveyMonkey, "dmy" for SmartSurvey) settles it.
        if order in ("mdy", "dmy"):
            self.day_first = order == "dmy"
        else:
            self.day_first = day_first([_NUMERIC.match(cell.strip()) for cell in cells])

    def iso(self, cell: str) -> str | None:
        """The ISO date a cell gives, or None if it is not a date."""
        text = cell.strip()
        for pattern, order in ((_ISO, (1, 2, 3)), (_YMD, (1, 2, 3))):
            found = pattern.match(text)
            if found:
                return _make(*(found.group(i) for i in order))
        found = _NUMERIC.match(text)
        if found:
            first, second, year = int(found.group(1)), int(found.group(3)), found.group(4)
            # A cell that settles the order itself wins over the column's guess.
            by_day = first > 12 or (second <= 12 and self.day_first)
            day, month = (first, second) if by_day else (second, first)
            return _make(year, str(month), str(day))
        found = _DAY_MONTH.match(text)
        if found:
            return _make(found.group(3), _month(found.group(2)), found.group(1))
        found = _MONTH_DAY.match(text)
        if found:
            return _make(found.group(3), _month(found.group(1)), found.group(2))
        return None


def day_first(found: Iterable[re.Match[str] | None]) -> bool:
    """Whether numeric dates such as 05/03/2006 mean 5 March (True) or May 3 (False)."""
    seen = [m for m in found if m]
    if any(int(m.group(1)) > 12 for m in seen):
        return True
    if any(int(m.group(3)) > 12 for m in seen):
        return False
    # Nothing settles it. Dots are European; zero-padded days ("05/03/2006") are how UK-style spreadsheets
    # write dates, unpadded ones ("3/5/2006") how both form tools write them in their US default.
    return any(m.group(2) == "." or m.group(1).startswith("0") or m.group(3).startswith("0") for m in seen)


def _month(name: str) -> str:
    prefix = name[:3].casefold()
    return str(_MONTHS.index(prefix) + 1) if prefix in _MONTHS else "0"


def _make(year: str, month: str, day: str) -> str | None:
    full = int(year) + (2000 if len(year) == 2 else 0)
    try:
        return datetime.date(full, int(month), int(day)).isoformat()
    except ValueError:
        return None
