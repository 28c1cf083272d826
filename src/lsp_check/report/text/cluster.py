"""The terminal view of a cluster: partnerships × sections against the median, and the shared needs ranked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.text import MOVE_STYLES, say

if TYPE_CHECKING:
    from rich.console import Console

    from lsp_check.report.model.cluster import ClusterReport


def draw(console: Console, r: ClusterReport) -> None:
    """Print a cluster: partnerships × sections against the median, and shared needs ranked."""
    from rich.text import Text

    from lsp_check.report.text.columns import Columns

    # The dates every partnership shares are said once, beside the title: the names keep the Dates column's width.
    say(console, Text(r.title_line, style="bold"), 0)
    for warning in r.warnings:
        say(console, Text(warning, style="yellow"), 0)
    dated = not r.dates_line  # short_headers name a Dates column only then
    table = Columns(repeat=3 if dated else 2)
    table.add_column(r.short_headers[0], wrap=True)
    table.add_column(r.short_headers[1], "right")
    if dated:
        table.add_column(r.short_headers[2], wrap=True)
    for header in r.short_headers[3 if dated else 2:]:
        table.add_column(header, "right")
    for row in r.rows:
        cells = []
        for cell in row.cells:
            text = Text(cell.percent)
            if cell.versus_value is not None:
                text.append(f" ({cell.versus})", style=MOVE_STYLES[cell.direction])
            cells.append(text)
        table.add_row(Text(row.partnership), str(row.respondents), *((row.dates,) if dated else ()), *cells)
    table.add_row(Text(r.median_row, style="bold"), "", *(("",) if dated else ()), *r.medians)
    console.print()
    console.print(table)
    say(console, Text(r.table_note, style="dim"), 0)
    console.print()
    console.print(Text(r.shared_title, style="bold underline"))
    say(console, Text(r.shared_intro, style="dim"), 0)
    if not r.shared:
        say(console, Text(r.no_shared, style="dim"), 0)
    for need in r.shared:
        line = Text(f"{need.rank:>2}. ", style="bold")
        line.append(need.need, style="bold")
        line.append(f"  {need.spread}", style="dim")
        say(console, line, 4)
        say(console, Text("    " + need.which), 4)
