"""The terminal report of a room: per partnership, the summary table, each question's distribution as a
sparkline and counts, then the needs, plan and lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.text import TONE_STYLES, bar, report_end, say, spark, title

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from lsp_check.report.model.health import QuestionRow, Report, SectionPart
    from lsp_check.report.model.room import RoomsReport

# The least room a statement keeps beside its figures before it goes on a line of its own.
STATEMENT_ROOM = 40


def draw(console: Console, document: RoomsReport) -> None:
    """A room: one report per partnership, each after a rule."""
    for number, report in enumerate(document.reports):
        if number:
            console.print()
            console.rule()
        _report(console, report)


def _report(console: Console, report: Report) -> None:
    from rich.text import Text

    from lsp_check.report.text.columns import Columns

    title(console, report)
    if report.scored:
        table = Columns()
        for header, justify in zip(report.summary_short[:5], ("left", "right", "right", "right", "right")):
            table.add_column(header, justify)
        table.add_column("", optional=True)
        table.add_column(report.summary_short[5])
        for part in report.sections:
            if part.scored:
                table.add_row(Text(part.title), part.respondents, part.fraction, part.range, part.percent,
                              Text(bar(part.percent_value), style=TONE_STYLES[part.tone]), Text(part.band_cell))
        o = report.overall
        table.add_row(Text(o.title, style="bold"), "", "", "", o.percent,
                      Text(bar(o.percent_value), style=TONE_STYLES[o.tone]), "")
        console.print()
        console.print(table)
        say(console, Text(report.summary_note, style="dim"), 0)
    for part in report.sections:
        _section(console, part)
    report_end(console, report)


def _figures(row: QuestionRow) -> list[Text]:
    """A question's figures: its distribution as a sparkline and counts, median and mean, disagreement."""
    from rich.text import Text

    counts = [c.chosen for c in row.counts]
    return [
        Text(" ▕" + spark(counts) + "▏", style="cyan"),
        Text("·".join(str(c) for c in counts)),
        Text(f"median {row.median}, mean {row.mean}", style="dim"),
        Text(row.flag, style="bold yellow"),
    ]


def _section(console: Console, part: SectionPart) -> None:
    from rich.text import Text

    from lsp_check.report.text.columns import Columns

    console.print()
    console.print(Text(part.title, style="bold underline"))
    say(console, Text(part.score_line, style="dim" if part.covered or not part.scored else "yellow"), 0)
    if part.band_line:
        say(console, Text(f"{part.band_line} {part.band_text}"), 0)
    choice = [row for row in part.rows if row.counts]
    if choice:
        say(console, Text("  " + part.options_line, style="dim"), 4)
        figures = [_figures(row) for row in choice]
        widest = max(sum(cell.cell_len for cell in cells) + 2 * len(cells) for cells in figures)
        if console.width - widest >= STATEMENT_ROOM:
            rows = Columns(show_header=False)
            for _ in range(5):
                rows.add_column()
            for row, cells in zip(choice, figures):
                rows.add_row(*cells, Text(row.text))
            console.print(rows)
        else:  # too narrow for the statement beside its figures: the statement, then its figures under it
            for row, cells in zip(choice, figures):
                say(console, Text("  " + row.text), 2)
                say(console, Text("  ").join(cell for cell in cells if cell.plain), 6)
    for row in part.rows:
        if row.counts:
            continue
        if row.entries:
            console.print(Text("  " + row.text, style="bold"))
            for entry in row.entries:
                say(console, f"    • {entry.line}", 6)
        else:
            console.print(Text(f"  {row.text}: {row.answer}", style="dim"))
