"""The terminal view of a trend: its report model laid out in aligned columns, a sparkline per section."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text as _Text

    from lsp_check.score.trend import Trend

    Say = Callable[[Console, "str | _Text", int], None]


STYLES = {"up": "green", "down": "red", "level": "dim"}
GROUP_STYLES = {"resolved": "green", "in-hand": "cyan", "persisting": "yellow", "raised": "red"}


def render_trend(console: Console, t: Trend, say: Say) -> None:
    """Print a trend: each section's series with a sparkline, each step's needs, and each need's history."""
    from rich.text import Text

    from lsp_check.report.model.trend import trend_report
    from lsp_check.report.text.columns import Columns

    r = trend_report(t)
    console.print(Text(r.title, style="bold"))
    say(console, Text(r.dates_line, style="dim"), 2)
    for source in r.sources:
        say(console, Text(f"  {source}", style="dim"), 4)
    table = Columns()
    table.add_column("Section")
    table.add_column("Trend")
    for label in r.labels:
        table.add_column(label, "right")
    table.add_column("Change", "right")
    table.add_column("Latest", "right")
    table.add_column("Band now")
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
        history.add_column("Need")
        history.add_column("Marks")
        history.add_column("Now")
        for n in r.needs:
            history.add_row(Text(n.line),
                            " ".join(n.marks), Text(n.status))
        console.print(history)
        say(console, Text(r.counts_line), 0)
