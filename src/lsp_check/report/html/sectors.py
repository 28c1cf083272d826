"""The HTML view of sectors side by side: each partnership's report model with its grouped bar chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.html.charts import grouped_bars

if TYPE_CHECKING:
    from lsp_check.score.sectors import Sectors



def sectors_view(result: Sectors) -> dict[str, object]:
    """One part per partnership: its report model, the chart drawn from the same figures, and the page's title."""
    from lsp_check.report.model.sectors import ROOM, sectors_reports

    reports = sectors_reports(result)
    parts: list[dict[str, object]] = []
    for r in reports:
        chart = grouped_bars([(g.title, [(b.name, b.percent, b.room) for b in g.bars]) for g in r.chart])
        parts.append({"report": r, "chart": chart,
                      "chart_title": f"Each section's percentage of the possible score: the {ROOM.lower()} first, "
                                     f"then each {result.by} shown"})
    title = reports[0].title if len(reports) == 1 else f"{result.by.capitalize()}s side by side"
    return {"kind": "sectors", "title": title, "parts": parts}
