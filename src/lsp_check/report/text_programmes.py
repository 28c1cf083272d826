"""Terminal views of comparisons and clusters, drawn with rich."""

from __future__ import annotations

from typing import Any

from lsp_check.figures import num, pct

ARROWS = {"up": "▲", "down": "▼", "level": "="}
STYLES = {"up": "green", "down": "red", "level": "dim"}


def points(change: float | None) -> str:
    """A change in percentage points, signed."""
    return "–" if change is None else f"{change:+.1f}"


def render_compare(console: Any, c: Any) -> None:
    """Print a comparison: sections then and now, moved questions, and needs resolved, new and persisting."""
    from rich.text import Text

    from lsp_check.report.columns import Columns

    title = Text("Progress since the baseline: ", style="bold")
    title.append(c.partnership or "(partnership not named)", style="bold")
    console.print(title)
    console.print(Text(f"{c.baseline.date or 'baseline'} → {c.followup.date or 'follow-up'}", style="dim"))
    table = Columns()
    for name, justify in (("Section", "left"), ("Then", "right"), ("Now", "right"), ("Change", "right"),
                          ("", "left"), ("Band now", "left")):
        table.add_column(name, justify)
    for m in c.sections:
        table.add_row(Text(m.title), pct(m.then), pct(m.now), points(m.change),
                      Text(ARROWS[m.direction], style=STYLES[m.direction]), Text(m.now_band or "–"))
    direction = c.overall_direction
    table.add_row(Text("Overall", style="bold"), pct(c.overall_then), pct(c.overall_now), points(c.overall_change),
                  Text(ARROWS[direction], style=STYLES[direction]), "")
    console.print()
    console.print(table)
    for label, titles in c.one_sided:
        console.print(Text(f"{label}: {', '.join(titles)}", style="dim"))
    moved = [m for m in c.items if m.direction != "level"]
    if moved:
        console.print()
        console.print(Text("Questions that moved", style="bold underline"))
        rows = Columns(show_header=False)
        for _ in range(3):
            rows.add_column()
        rows.add_column()
        for m in moved:
            rows.add_row(Text(ARROWS[m.direction], style=STYLES[m.direction]),
                         f"{num(m.then_score)}→{num(m.now_score)}", Text(f"{m.then_answer} → {m.now_answer}",
                                                                        style="dim"), Text(m.text))
        console.print(rows)
    for label, needs, style in (("Needs resolved", c.resolved, "green"), ("New needs", c.new, "red"),
                                ("Needs persisting", c.persisting, "yellow")):
        console.print()
        console.print(Text(f"{label} ({len(needs)})", style=f"bold underline {style}"))
        for need in needs:
            console.print(Text(f"  {need.need}  ({need.section_title})"))


def render_cluster(console: Any, c: Any) -> None:
    """Print a cluster: partnerships × sections against the median, and shared needs ranked."""
    from rich.text import Text

    from lsp_check.report.columns import Columns

    console.print(Text(f"Cluster of {len(c.rows)} partnerships", style="bold"))
    table = Columns()
    table.add_column("Partnership")
    table.add_column("Resp.", "right")
    for _, title in c.sections:
        table.add_column(title, "right")
    for row in c.rows:
        cells = []
        for sid, _ in c.sections:
            value, versus = row.percents.get(sid), row.versus.get(sid)
            cell = Text(pct(value))
            if versus is not None:
                cell.append(f" ({points(versus)})", style="red" if versus < 0 else "green" if versus > 0 else "dim")
            cells.append(cell)
        table.add_row(Text(row.partnership), str(row.respondents), *cells)
    table.add_row(Text("Cluster median", style="bold"), "", *[pct(c.medians.get(sid)) for sid, _ in c.sections])
    console.print()
    console.print(table)
    console.print(Text("Median respondent's percentage; in brackets, points above or below the cluster median.",
                       style="dim"))
    console.print()
    console.print(Text("Shared needs, ranked by how many partnerships have them", style="bold underline"))
    for rank, need in enumerate(c.shared, 1):
        line = Text(f"{rank:>2}. ", style="bold")
        line.append(need.need, style="bold")
        line.append(f"  {need.count} of {len(c.rows)} partnerships, {need.respondents} respondents with a weak answer",
                    style="dim")
        console.print(line)
        console.print(Text("     " + ", ".join(need.partnerships)))
