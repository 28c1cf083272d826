"""The terminal view of a trend: its report model laid out in aligned columns, a sparkline per section."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.text import MOVE_STYLES as STYLES
from lsp_check.report.text import say

if TYPE_CHECKING:
    from rich.console import Console

    from lsp_check.report.model.trend import TrendReport

GROUP_STYLES = {"resolved": "green", "in-hand": "cyan", "persisting": "yellow", "raised": "red"}


def draw(console: Console, r: TrendReport) -> None:
    """Print a trend: each section's series with a sparkline, each step's needs, and each need's history."""
    from rich.text import Text

    from lsp_check.report.text.columns import Columns

    console.print(Text(r.title, style="bold"))
    say(console, Text(r.dates_line, style="dim"), 2)
    for source in r.sources:
        say(console, Text(f"  {source}", style="dim"), 4)
    table = Columns(repeat=2)
    headers = r.series_headers
    table.add_column(headers[0], wrap=True)
    table.add_column(headers[1])
    for label in r.labels:
        table.add_column(label, "right")
    table.add_column(headers[2], "right")
    table.add_column(headers[3], "right")
    table.add_column(headers[4])
    for s in (*r.sections, r.overall):
        latest = Text(s.latest, style=STYLES[s.latest_direction] + (" bold" if s.regressed else ""))
        table.add_row(Text(s.title, style="bold" if s is r.overall else ""), Text(s.spark, style="cyan"), *s.values,
                      Text(s.change, style=STYLES[s.direction]), latest, Text(s.band))
    console.print()
    console.print(table)
    console.print()
    say(console, Text(r.series_note, style="dim"), 0)
    for s in r.sections:
        if s.note:
            say(console, Text(f"{s.title}: {s.note}", style="dim"), 2)
    say(console, Text(r.regression_line, style="bold" if any(s.regressed for s in r.sections) else ""), 0)
    for step in r.steps:
        console.print()
        console.print(Text(step.heading, style="bold underline"))
        for group in step.groups:
            line = Text(f"  {group.title} ({group.total})", style=GROUP_STYLES.get(group.key, ""))
            if group.needs:
                line.append(": " + "; ".join(n.line for n in group.needs))
            say(console, line, 4)
    if r.needs:
        console.print()
        console.print(Text(r.needs_heading, style="bold underline"))
        say(console, Text(r.legend, style="dim"), 0)
        history = Columns()
        for number, header in enumerate(r.need_headers):
            history.add_column(header, wrap=number == 0)
        for n in r.needs:
            history.add_row(Text(n.line),
                            " ".join(n.marks), Text(n.status))
        console.print(history)
        say(console, Text(r.counts_line), 0)
