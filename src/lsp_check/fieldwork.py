"""The whole-room review of answers' dates, which `score` (and every command that scores a room) and `validate` share:
a room whose answers fall in separate periods of fieldwork (method.periods_of, docs/method.md rule 17) is a
warning, or an error with ``strict``, located at the ``date:`` of the first file of its second period."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from lsp_check.problems import Problem


class DatedRoom(NamedTuple):
    """What the review reads of one room: its partnership's name, each date with how many respondents gave it, and
    each date with the first file that gave it."""

    partnership: str
    days: Mapping[str, int]
    dated: Mapping[str, str]


def fieldwork_problems(rooms: Iterable[DatedRoom], strict: bool, threshold: int | None = None) -> list[Problem]:
    """One problem for each room whose answers look like separate assessments combined: a warning, or with
    ``strict`` an error. Its words are the report's (words.combined_assessments, judged by the anonymity
    ``threshold``, 3 unless given)."""
    from lsp_check.load.limits import shorten
    from lsp_check.method import periods_of
    from lsp_check.report.model.words import combined_assessments, partnership_name
    from lsp_check.score.disclosure import DEFAULT_THRESHOLD

    found = []
    for room in rooms:
        periods = periods_of(room.days)
        said = combined_assessments(periods, threshold or DEFAULT_THRESHOLD)
        if said:
            path = room.dated.get(periods[1].first, "")
            line, column = date_mark(path)
            found.append(Problem(path, f"{shorten(partnership_name(room.partnership))}: {said}"
                                       + ("" if strict else " (--strict refuses it)"),
                                 line, column, "date", "error" if strict else "warning"))
    return found


def date_mark(path: str) -> tuple[int | None, int | None]:
    """The line and column of an answers file's ``date:`` key, read again with marks (only a room the review warns
    of pays for it); (None, None) for a form export's row (its file and row say where), standard input, or a file
    that cannot be read again."""
    from lsp_check.load.source import STDIN_NAME
    from lsp_check.load.yamlfile import load_file
    from lsp_check.problems import InputError, row_of

    if not path or path == STDIN_NAME or row_of(path)[1] is not None:
        return None, None
    try:
        mark = load_file(path).where(("date",), key=True)
    except (InputError, OSError, ValueError):
        return None, None
    return (mark.line, mark.column) if mark else (None, None)
