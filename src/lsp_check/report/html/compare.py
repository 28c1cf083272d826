"""The HTML views of comparisons and clusters: movement in symbols and words, charts beside their tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.html.charts import paired_bars

if TYPE_CHECKING:
    from lsp_check.score.cluster import Cluster
    from lsp_check.score.compare import Comparison


def compare_view(c: Comparison) -> dict[str, object]:
    """The comparison's report model, with the chart of sections then and now."""
    from lsp_check.report.model.compare import comparison_report

    r = comparison_report(c)
    return {
        "kind": "comparison",
        "report": r,
        "title": r.title,
        "partnership": r.partnership,
        "dates": r.dates,
        "partnerships_note": r.partnerships_note,
        "then_label": r.then_label,
        "now_label": r.now_label,
        "sections": r.sections,
        "overall": r.overall,
        "chart": paired_bars([(m.title, m.then_value, m.now_value) for m in r.sections], r.then_label, r.now_label),
        "only": r.notes,
        "moved": r.moved,
        "need_blocks": r.need_groups,
    }


def cluster_view(c: Cluster) -> dict[str, object]:
    """The cluster's report model, under the names its template uses."""
    from lsp_check.report.model.compare import cluster_report

    r = cluster_report(c)
    return {
        "kind": "cluster",
        "report": r,
        "title": r.title,
        "count": r.partnership_count,
        "section_titles": r.section_titles,
        "rows": r.rows,
        "medians": r.medians,
        "shared": r.shared,
    }
