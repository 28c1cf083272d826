"""The terminal view of sectors side by side: the report model laid out in aligned columns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from lsp_check.report.text import say

if TYPE_CHECKING:
    from rich.console import Console

    from lsp_check.report.model.sectors import Row, SectorsDocument
    from lsp_check.report.text.columns import Columns


def draw(console: Console, document: SectorsDocument) -> None:
    """Print each partnership's groups side by side: sections' percents, then each question's median answers."""
    from rich.text import Text

    for number, r in enumerate(document.reports):
        if number:
            console.print()
        console.print(Text(r.title, style="bold"))
        for line in r.lines:
            say(console, Text(line, style="dim"), 0)
        for line in (r.hidden, r.none_shown):
            if line:
                say(console, line, 0)
        console.print()
        console.print(_table(console, r.headers, r.sections))
        if r.rule:
            console.print()
            say(console, Text(r.rule, style="dim"), 0)
        for table in r.questions:
            console.print()
            console.print(Text(table.title, style="bold underline"))
            console.print(_table(console, (r.question_header, *r.headers[1:]), table.rows))


# The label goes last, where it can wrap, when the figures leave it at least this many columns; otherwise each
# row is a block (Columns stacks a table whose first column is the label).
LABEL_ROOM = 24


def _table(console: Console, headers: tuple[str, ...], rows: Sequence[Row]) -> Columns:
    from rich.text import Text

    from lsp_check.report.text.columns import Columns

    labels = [row.label + (f" ({row.note})" if row.note else "") for row in rows]
    figures = [[Text(c.text, style="bold" if c.differ else "") for c in row.cells] for row in rows]
    widths = [max([len(h)] + [cells[i].cell_len for cells in figures]) for i, h in enumerate(headers[1:])]
    table = Columns()
    if sum(widths) + 2 * len(widths) + LABEL_ROOM <= console.width:
        for header in headers[1:]:
            table.add_column(header)
        table.add_column(headers[0])
        for label, cells in zip(labels, figures):
            table.add_row(*cells, label)
        return table
    for header in headers:
        table.add_column(header)
    for label, cells in zip(labels, figures):
        table.add_row(label, *cells)
    return table
