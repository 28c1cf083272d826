"""The HTML view of a trend: its report model, with the line chart of each section over the assessments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.html.charts import line_chart

if TYPE_CHECKING:
    from lsp_check.score.trend import Trend



def trend_view(t: Trend) -> dict[str, object]:
    """The trend's report model, with the chart of sections over the assessments beside its table."""
    from lsp_check.report.model.trend import trend_report

    r = trend_report(t)
    return {
        "kind": "trend",
        "report": r,
        "title": r.title,
        "partnership": r.partnership,
        "chart": line_chart([(s.title, s.percents) for s in r.sections], r.labels),
        "chart_title": "Each section's percentage of the possible score at each assessment, "
                       f"{r.labels[0]} to {r.labels[-1]}",
    }
