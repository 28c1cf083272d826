"""The terminal view of a comparison: sections then and now, the questions that moved, what became of the needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.text import MOVE_STYLES, say

if TYPE_CHECKING:
    from rich.console import Console

    from lsp_check.report.model.compare import ComparisonReport

GROUP_STYLES = {"resolved": "green", "improved": "green", "in-hand": "cyan", "persisting": "yellow", "lapsed": "yellow",
                "new": "red", "not-assessed": "magenta", "not-reassessed": "magenta"}


def draw(console: Console, r: ComparisonReport) -> None:
    """Print a comparison: sections then and now, moved questions, and needs resolved, new and persisting."""
    from rich.text import Text

    from lsp_check.report.text.columns import Columns

    console.print(Text(r.title, style="bold"))
    console.print(Text(r.dates, style="dim"))
    if r.partnerships_note:
        say(console, Text(r.partnerships_note, style="bold"), 0)
    for line in r.lines:
        say(console, Text(line), 0)
    table = Columns()
    headers = r.section_headers
    for name, justify in zip(headers[:4], ("left", "right", "right", "right")):
        table.add_column(name, justify)
    table.add_column("", optional=True)
    table.add_column(headers[5])
    for m in (*r.sections, r.overall):
        table.add_row(Text(m.title, style="bold" if m is r.overall else ""), m.then, m.now, m.change,
                      Text(m.arrow, style=MOVE_STYLES[m.direction]), Text(m.band))
    console.print()
    console.print(table)
    say(console, Text(r.change_note, style="dim"), 0)
    for line in r.notes:
        say(console, Text(line, style="dim"), 0)
    if r.moved:
        console.print()
        console.print(Text(r.moved_title, style="bold underline"))
        if r.moved_note:
            say(console, Text(r.moved_note, style="dim"), 0)
        for m in r.moved:
            moved = Text(f"{m.arrow} ", style=MOVE_STYLES[m.direction])
            moved.append(m.text)
            say(console, moved, 2)
            say(console, Text(f"    {m.then} → {m.now}  ({m.scores})", style="dim"), 6)
    for group in r.need_groups:
        style = GROUP_STYLES.get(group.key, "")
        console.print()
        console.print(Text(group.heading, style=f"bold underline {style}"))
        for need in group.needs:
            say(console, f"  {need.line}", 4)
        if not group.needs:
            console.print(Text(f"  {group.empty}", style="dim"))
