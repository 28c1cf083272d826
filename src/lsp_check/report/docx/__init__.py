"""The Word report (.docx, with python-docx): headings, the section table, needs and actions, for a committee paper.

Needs the optional extra: ``pip install 'lsp-check[docx]'``. The report is
bytes, written whole (atomically) to a file or to stdout when it is not a terminal.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from lsp_check.figures import num
from lsp_check.report import MissingExtra, RenderOptions, by_kind
from lsp_check.report.docx.parts import add_lists, add_needs, add_title, clean, new_document, para, table
from lsp_check.report.model.health import SectionPart
from lsp_check.score.result import Result, SectionResult

if TYPE_CHECKING:
    from docx.document import Document

    from lsp_check.score.cluster import Cluster
    from lsp_check.score.compare import Comparison
    from lsp_check.score.plan import Plans
    from lsp_check.score.room import Rooms
    from lsp_check.score.sectors import Sectors
    from lsp_check.score.trend import Trend

INSTALL = "--format docx needs python-docx: pip install 'lsp-check[docx]'"


def require() -> None:
    """Raise MissingExtra, with the command that installs it, when python-docx is missing."""
    try:
        import docx  # noqa: F401
    except ImportError:
        raise MissingExtra(INSTALL) from None


def _section(document: Document, s: SectionResult, part: SectionPart) -> None:
    document.add_heading(clean(part.title), level=2)
    if s.description:
        para(document, s.description, italic=True)
    if not s.scored:
        for item in s.items:
            para(document, bold=item.text)
            if item.kind == "list" and item.items:
                for entry in item.items:
                    para(document, entry, style="List Bullet")
            else:
                para(document, item.answer or "(unanswered)", italic=not item.answer)
            if item.note:
                para(document, f"Note: {item.note}", italic=True)
        return
    para(document, f" {part.missing_line}" if part.missing_line else "", bold=part.score_line)
    if part.band_heading:
        para(document, " " + part.band_text if part.band_text else "", bold=f"{part.band_heading}:")
    rows = []
    for item in s.items:
        answer = item.answer or "(unanswered)"
        marker = {"weak": " ▲", "tracked": " ◆"}.get(item.level or "", "")
        rows.append([item.text, answer + marker + (f"\nNote: {item.note}" if item.note else ""),
                     num(item.score) if item.score is not None else "–"])
    table(document, ["Statement", "Answer", "Score"], rows, numeric=(2,))


def result_document(result: Result) -> Document:
    """The Word document of one answers file."""
    from lsp_check.report.model.health import single_report

    report = single_report(result)
    document = new_document(report.title)
    add_title(document, report)
    scored = [part for part in report.sections if part.scored]
    if scored:
        document.add_heading("Summary", level=2)
        o = report.overall
        rows = [[p.title, p.score, p.out_of, p.percent, p.band_cell] for p in scored]
        rows.append([o.title, o.score, o.out_of, o.percent, ""])
        table(document, ["Section", "Score", "Out of", "%", "Band"], rows, numeric=(1, 2, 3), bold_last=True)
        if report.summary_note:
            para(document, report.summary_note)
    for s, part in zip(result.sections, report.sections):
        _section(document, s, part)
    if scored:
        add_needs(document, report)
    if result.plan and result.plan.rows:
        from lsp_check.report.docx.room import add_plan

        add_plan(document, result.plan)
    add_lists(document, report)
    return document


def _bytes(document: Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_result(result: Result, options: RenderOptions) -> bytes:
    """Render the Word report of one answers file, as the bytes of a .docx file."""
    require()
    return _bytes(result_document(result))


# The other kinds' documents are built in docx_programmes, imported only when one is asked for.
def render_groups(rooms: Rooms, options: RenderOptions) -> bytes:
    """Render the Word report of a room, one part per partnership, as the bytes of a .docx file."""
    require()
    from lsp_check.report.docx.room import groups_document

    return _bytes(groups_document(rooms))


def render_comparison(comparison: Comparison, options: RenderOptions) -> bytes:
    """Render a comparison as the bytes of a .docx file."""
    require()
    from lsp_check.report.docx.room import comparison_document

    return _bytes(comparison_document(comparison))


def render_cluster(cluster: Cluster, options: RenderOptions) -> bytes:
    """Render a cluster view as the bytes of a .docx file."""
    require()
    from lsp_check.report.docx.room import cluster_document

    return _bytes(cluster_document(cluster))


def render_plans(plans: Plans, options: RenderOptions) -> bytes:
    """Render standalone action plans as the bytes of a .docx file."""
    require()
    from lsp_check.report.docx.room import plans_document

    return _bytes(plans_document(plans))


def _sectors(result: Sectors, options: RenderOptions) -> bytes:
    """Render sectors side by side as the bytes of a .docx file (report/docx_sectors.py)."""
    require()
    from lsp_check.report.docx.sectors import sectors_document

    return _bytes(sectors_document(result))


def render_trend(result: Trend, options: RenderOptions) -> bytes:
    """Render a trend as the bytes of a .docx file."""
    require()
    from lsp_check.report.docx.trend import trend_document

    return _bytes(trend_document(result))


render = by_kind("docx", {
    "single": render_result,
    "groups": render_groups,
    "comparison": render_comparison,
    "cluster": render_cluster,
    "plans": render_plans,
    "sectors": _sectors,
    "trend": render_trend,
})
