"""How a form export was read, in words (``import --explain``, ``validate --explain``): the layout, each column's
meaning, the columns left out and why, the cells not read, and the respondents."""

from __future__ import annotations

from lsp_check.load.cells import column_name
from lsp_check.load.formcolumns import EMPTY, IGNORED, UNMATCHED, Column
from lsp_check.load.forms import Reading
from lsp_check.load.layouts import SPREADSHEET
from lsp_check.load.limits import shorten

HEADING_WIDTH = 48  # characters of a heading shown before it is cut
CELLS_SHOWN = 50  # cells not read, listed one by one; the rest are counted

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


def explain(reading: Reading) -> str:
    """The explanation of one reading, as plain text ending in a newline."""
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
        f"File:        {reading.file} ({where})",
        f"Layout:      {how}",
        f"Headings:    {_rows(rows)}",
        f"Respondents: {len(reading.sheets)}" + (f" ({_rows(tuple(body))})" if body else ""),
    ]
    read = [c for c in reading.columns if c.role not in (IGNORED, UNMATCHED, EMPTY)]
    left = [c for c in reading.columns if c.role in (IGNORED, UNMATCHED, EMPTY)]
    lines += ["", f"Columns read ({len(read)}):"]
    lines += [_line(c, _meaning(c)) for c in read] or ["  none"]
    lines += ["", f"Columns left out ({len(left)}):"]
    lines += [_line(c, _reason(c, reading)) for c in left] or ["  none"]
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
        lines.append(f"  row {cell.row}, column {column_name(cell.column)} ({_cut(heading)}): "
                     f"'{shorten(' '.join(cell.value.split()))}'{nearest}")
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


def _cut(heading: str) -> str:
    text = " ".join(heading.split())
    return text if len(text) <= HEADING_WIDTH else text[: HEADING_WIDTH - 3] + "..."


def _line(column: Column, meaning: str) -> str:
    return f"  {column_name(column.number):<3} {_cut(column.header):<{HEADING_WIDTH}}  {meaning}"


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
