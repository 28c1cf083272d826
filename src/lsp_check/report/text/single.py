"""The terminal report of one answers file: the summary table with bars, each section, needs, plan and lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.text import TONE_STYLES, bar, report_end, say, title

if TYPE_CHECKING:
    from rich.console import Console

    from lsp_check.report.model.health import Report


def draw(console: Console, report: Report) -> None:
    """One answers file's report."""
    from rich.text import Text

    from lsp_check.report.text.columns import Columns

    title(console, report)
    if report.scored:
        section, score, percent, band = report.summary_short
        table = Columns()
        table.add_column(section)
        table.add_column(score, "right")
        table.add_column(percent, "right")
        table.add_column("", optional=True)
        table.add_column(band)
        for part in (*report.sections, report.overall):
            if not part.scored:
                continue
            overall = part is report.overall
            table.add_row(Text(part.title, style="bold" if overall else ""), part.fraction, part.percent,
                          Text(bar(part.percent_value), style=TONE_STYLES[part.tone]), Text(part.band_cell))
        console.print()
        console.print(table)
        if report.summary_note:
            say(console, Text(report.summary_note, style="yellow"), 0)

    for part in report.sections:
        console.print()
        heading = Text(part.title, style="bold underline")
        if part.scored and not part.covered:
            heading.append(f"  {part.band_cell}", style="bold yellow")
        elif part.scored:
            heading.append(f"  {part.score_of}", style="bold")
            if part.band_heading:
                heading.append(f"  {part.band_heading}", style="bold " + TONE_STYLES[part.tone])
        console.print(heading)
        if part.scored and not part.covered:
            say(console, Text(part.score_line, style="yellow"), 0)
        if part.band_text:
            console.print(Text(part.band_text))
        if not part.scored:
            for row in part.rows:
                console.print(Text(row.text, style="bold"))
                if row.entries:
                    for entry in row.entries:
                        console.print(Text("  • " + entry.line))
                else:
                    console.print(Text("  " + row.answer, style="" if row.answered else "dim"))

    report_end(console, report)
