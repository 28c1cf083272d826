"""How a form export was read, in words (``import --explain``, ``validate --explain``): the layout, each column's
meaning, the columns left out and why, the cells not read, and the respondents."""

from __future__ import annotations

from typing import NamedTuple

from lsp_check.load.cells import column_name
from lsp_check.load.formcolumns import EMPTY, IGNORED, UNMATCHED, Column
from lsp_check.load.forms import Reading
from lsp_check.load.layouts import SPREADSHEET
from lsp_check.load.limits import shorten

HEADING_WIDTH = 48  # characters of a heading shown before it is cut (in the tables, fewer on a narrow screen)
CELLS_SHOWN = 50  # cells not read, listed one by one; the rest are counted
WIDTH = 100  # columns, unless the caller says (the command line: --width, COLUMNS or the terminal's)
LABEL = 13  # "Respondents: ": where the values of the first lines start
SHORTEST_HEADING = 12  # a table's headings are cut to no fewer characters, however narrow the screen

ROLES = {
    "date": "date",
    "completion": "date (completed)",
    "timestamp": "date (timestamp)",
    "start": "date, where no other column gives one (started)",
    "name": "respondent's name",
    "firstname": "respondent's first name",
    "lastname": "respondent's last name",
    "email": "respondent's e-mail address, where no name is given",
    "respondent": "respondent",
    "partnership": "partnership",
    "sector": "respondent's sector",
    "organisation": "respondent's organisation",
}


def explain(reading: Reading, width: int = WIDTH) -> str:
    """The explanation of one reading, as plain text ending in a newline, in lines of at most ``width`` columns
    (broken at whole words; a word longer than the line, such as a long path, stands whole)."""
    where = reading.kind + (f", sheet '{shorten(reading.sheet)}'" if reading.sheet else "")
    layout = reading.layout
    if reading.detected:
        how = f"{layout.title}, told from its headings"
    elif layout is SPREADSHEET:
        how = (f"{layout.title} (none of the survey tools' own columns were found; read as Google Forms and "
               "Microsoft Forms are)")
    else:
        how = f"{layout.title}, as --source says"
    rows = reading.heading_rows
    body = [int(s.path.rsplit(" ", 1)[1]) for s in reading.sheets]
    lines = [
        *_fill(f"File:        {reading.file} ({where})", width, LABEL),
        *_fill(f"Layout:      {how}", width, LABEL),
        f"Headings:    {_rows(rows)}",
        *_fill(f"Respondents: {len(reading.sheets)}" + (f" ({_rows(tuple(body))})" if body else ""), width, LABEL),
    ]
    read = [(c, _meaning(c)) for c in reading.columns if c.role not in (IGNORED, UNMATCHED, EMPTY)]
    left = [(c, _reason(c, reading)) for c in reading.columns if c.role in (IGNORED, UNMATCHED, EMPTY)]
    table = _Table.fit(read + left, width)
    lines += ["", f"Columns read ({len(read)}):"]
    lines += [line for c, meaning in read for line in table.row(c, meaning)] or ["  none"]
    lines += ["", f"Columns left out ({len(left)}):"]
    lines += [line for c, reason in left for line in table.row(c, reason)] or ["  none"]
    lines += ["", f"Cells not read ({len(reading.unmapped)}):"]
    by_number = {c.number: c for c in reading.columns}
    for cell in reading.unmapped[:CELLS_SHOWN]:
        heading = by_number[cell.column].header if cell.column in by_number else ""
        if cell.code:
            nearest = (f"; an answer code (option {cell.value.strip().lstrip('Aa')} in the questionnaire's order is "
                       f"'{cell.nearest}')"
                       if cell.nearest else "; answer codes")
        else:
            nearest = f"; nearest option '{cell.nearest}'" if cell.nearest else "; no option is near it"
        lines += _fill(f"  row {cell.row}, column {column_name(cell.column)} ({_cut(heading)}): "
                       f"'{shorten(' '.join(cell.value.split()))}'{nearest}", width, 4)
    if len(reading.unmapped) > CELLS_SHOWN:
        lines.append(f"  and {len(reading.unmapped) - CELLS_SHOWN:,} more")
    if not reading.unmapped:
        lines.append("  none")
    return "\n".join(lines) + "\n"


def _rows(numbers: tuple[int, ...]) -> str:
    if not numbers:
        return "none"
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    if len(numbers) == 2:
        return f"rows {numbers[0]} and {numbers[1]}"
    if list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"rows {numbers[0]} to {numbers[-1]}"
    return f"rows {numbers[0]} to {numbers[-1]}, blank rows left out"


def _cut(heading: str, most: int = HEADING_WIDTH) -> str:
    text = " ".join(heading.split())
    if len(text) <= most:
        return text
    return text[: most - 3] + "..." if most > 3 else text[:most]


def _fill(text: str, width: int, indent: int) -> list[str]:
    """A line broken at whole words into lines of at most ``width`` columns, those after the first indented."""
    if len(text) <= width:
        return [text]
    import textwrap

    return textwrap.wrap(text, width, subsequent_indent=" " * indent, break_long_words=False, break_on_hyphens=False)


class _Table(NamedTuple):
    """The columns' table: the column's letter, its heading (cut to ``heading`` characters), and what it means,
    broken at whole words under itself where the line would be too long."""

    heading: int
    width: int

    @classmethod
    def fit(cls, rows: list[tuple[Column, str]], width: int) -> _Table:
        """The table's layout: headings as long as they are (up to HEADING_WIDTH), narrowed on a narrow screen to
        half the line or less, so that what each column means has room beside it, its longest word whole."""
        longest = max((len(_cut(c.header)) for c, _ in rows), default=0)
        meaning = max((len(text) for _, text in rows), default=0)
        word = max((len(w) + len(_hang(text)) for _, text in rows for w in text.split()), default=0)
        room = width - len("  ABC ") - len("  ")  # the column's letters before the heading, a gap after it
        heading = min(longest, max(room - meaning, room // 2), room - word)
        return cls(max(heading, min(longest, SHORTEST_HEADING)), width)

    def row(self, column: Column, meaning: str) -> list[str]:
        """The column's line, and the lines its meaning goes on to (under the meaning, past its arrow)."""
        import textwrap

        first = f"  {column_name(column.number):<3} {_cut(column.header, self.heading):<{self.heading}}  "
        hang = _hang(meaning)
        lines = textwrap.wrap(meaning[len(hang):], max(1, self.width - len(first) - len(hang)),
                              break_long_words=False, break_on_hyphens=False) or [""]
        return [(first + hang + lines[0]).rstrip()] + [" " * (len(first) + len(hang)) + line for line in lines[1:]]


def _hang(meaning: str) -> str:
    """What a meaning starts with that the lines it goes on to are indented past: its arrow."""
    return "-> " if meaning.startswith("-> ") else ""


def _meaning(column: Column) -> str:
    if column.question is None:
        return f"-> {ROLES.get(column.role, column.role)}"
    target = f"{column.section}.{column.question.id}"
    if column.option:
        target += f", option '{column.option}'"
    elif column.other:
        target += ", its other answers"
    if column.by_order:
        target += " (abbreviated: taken in the questionnaire's order)"
    return f"-> {target}"


def _reason(column: Column, reading: Reading) -> str:
    if column.role == UNMATCHED:
        return "matches no question"
    if column.role == EMPTY:
        return "no heading and no answers"
    return "added by a form tool" if reading.layout is SPREADSHEET else f"added by {reading.layout.title}"
