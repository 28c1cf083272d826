"""Terminal views of comparisons and clusters: their report models laid out in aligned columns."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from lsp_check.score.cluster import Cluster
    from lsp_check.score.compare import Comparison

    Say = Callable[[Console, "str | Text", int], None]

STYLES = {"up": "green", "down": "red", "level": "dim"}


def render_compare(console: Console, c: Comparison, say: Say) -> None:
    """Print a comparison: sections then and now, moved questions, and needs resolved, new and persisting."""
    from rich.text import Text

    from lsp_check.report.model.compare import comparison_report
    from lsp_check.report.text.columns import Columns

    r = comparison_report(c)
    console.print(Text(r.title, style="bold"))
    console.print(Text(r.dates, style="dim"))
    if r.partnerships_note:
        say(console, Text(r.partnerships_note, style="bold"), 0)
    table = Columns()
    for name, justify in (("Section", "left"), ("Then", "right"), ("Now", "right"), ("Change", "right")):
        table.add_column(name, justify)
    table.add_column("", optional=True)
    table.add_column("Band now")
    for m in (*r.sections, r.overall):
        table.add_row(Text(m.title, style="bold" if m is r.overall else ""), m.then, m.now, m.change,
                      Text(m.arrow, style=STYLES[m.direction]), Text(m.band))
    console.print()
    console.print(table)
    for line in r.notes:
        say(console, Text(line, style="dim"), 0)
    if r.moved:
        console.print()
        console.print(Text(r.moved_title, style="bold underline"))
        for m in r.moved:
            moved = Text(f"{m.arrow} ", style=STYLES[m.direction])
            moved.append(m.text)
            say(console, moved, 2)
            say(console, Text(f"    {m.then} → {m.now}  ({m.then_score}→{m.now_score}, {m.change})", style="dim"), 6)
    styles = {"resolved": "green", "in-hand": "cyan", "persisting": "yellow", "new": "red", "not-assessed": "magenta"}
    for group in r.need_groups:
        style = styles.get(group.key, "")
        console.print()
        console.print(Text(f"{group.title} ({group.total})", style=f"bold underline {style}"))
        for need in group.needs:
            say(console, f"  {need.line}", 4)


def render_cluster(console: Console, c: Cluster, say: Say) -> None:
    """Print a cluster: partnerships × sections against the median, and shared needs ranked."""
    from rich.text import Text

    from lsp_check.report.model.compare import cluster_report
    from lsp_check.report.text.columns import Columns

    r = cluster_report(c)
    console.print(Text(r.title, style="bold"))
    table = Columns()
    table.add_column("Partnership")
    table.add_column("Resp.", "right")
    for title in r.section_titles:
        table.add_column(title, "right")
    for row in r.rows:
        cells = []
        for cell in row.cells:
            text = Text(cell.percent)
            if cell.versus_value is not None:
                text.append(f" ({cell.versus})", style=STYLES[cell.direction])
            cells.append(text)
        table.add_row(Text(row.partnership), str(row.respondents), *cells)
    table.add_row(Text("Cluster median", style="bold"), "", *r.medians)
    console.print()
    console.print(table)
    say(console, Text(r.table_note, style="dim"), 0)
    console.print()
    console.print(Text(r.shared_title, style="bold underline"))
    say(console, Text(r.shared_intro, style="dim"), 0)
    for need in r.shared:
        line = Text(f"{need.rank:>2}. ", style="bold")
        line.append(need.need, style="bold")
        line.append(f"  {need.partnerships} partnerships, {need.respondents} respondents with a weak answer",
                    style="dim")
        say(console, line, 4)
        say(console, Text("    " + need.which), 4)
