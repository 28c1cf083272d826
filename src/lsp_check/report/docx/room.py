"""The Word document of a room: per partnership, the summary table, each question's distribution, needs, plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.docx.parts import add_lists, add_needs, add_title, clean, new_document, para, table
from lsp_check.report.docx.plan import add_plan

if TYPE_CHECKING:
    from docx.document import Document

    from lsp_check.report.model.health import Report
    from lsp_check.report.model.room import RoomsReport


def document(rooms: RoomsReport) -> Document:
    """The Word document of a room's report models, one part per partnership."""
    doc = new_document(rooms.title)
    for report in rooms.reports:
        _report(doc, report)
    return doc


def _report(doc: Document, report: Report) -> None:
    add_title(doc, report)
    if report.scored:
        doc.add_heading(clean(report.summary_title), level=2)
        rows = [[p.title, p.respondents, p.score_of, p.range, p.percent, p.band_cell]
                for p in report.sections if p.scored]
        rows.append([report.overall.title, "", "", "", report.overall.percent, ""])
        table(doc, list(report.summary_headers), rows, numeric=(1, 2, 3, 4), bold_last=True)
        para(doc, report.summary_note)
    for part in report.sections:
        doc.add_heading(clean(part.title), level=2)
        if part.description:
            para(doc, part.description, italic=True)
        para(doc, part.score_line)
        if part.band_line:
            para(doc, " " + part.band_text, bold=part.band_line)
        h = part.answer_headers
        rows = [[row.text, "\n".join(c.line for c in row.counts), row.median, row.mean, row.flag]
                for row in part.rows if row.counts]
        if rows:
            table(doc, [h[0], h[1], h[3], h[4], h[5]], rows, numeric=(3,))
        for row in part.rows:
            if row.counts or row.kind == "choice":
                continue
            para(doc, bold=row.text)
            for entry in row.entries:
                para(doc, entry.line, style="List Bullet")
            if not row.entries:
                para(doc, row.answer, italic=True)
    if report.scored:
        add_needs(doc, report)
    if report.plan:
        add_plan(doc, report.plan)
    add_lists(doc, report)
