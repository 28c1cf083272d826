"""The Word document of one answers file: the summary table, each section, needs, plan and lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.docx.parts import add_lists, add_needs, add_title, clean, new_document, para, table
from lsp_check.report.docx.plan import add_plan

if TYPE_CHECKING:
    from docx.document import Document

    from lsp_check.report.model.health import Report, SectionPart


def document(report: Report) -> Document:
    """The Word document of one answers file's report model."""
    doc = new_document(report.title)
    add_title(doc, report)
    if report.scored:
        doc.add_heading(clean(report.summary_title), level=2)
        o = report.overall
        rows = [[p.title, p.score, p.out_of, p.percent, p.band_cell] for p in report.sections if p.scored]
        rows.append([o.title, o.score, o.out_of, o.percent, ""])
        table(doc, list(report.summary_headers), rows, numeric=(1, 2, 3), bold_last=True)
        if report.summary_note:
            para(doc, report.summary_note)
    for part in report.sections:
        _section(doc, part)
    if report.scored:
        add_needs(doc, report)
    if report.plan:
        add_plan(doc, report.plan)
    add_lists(doc, report)
    return doc


def _section(doc: Document, part: SectionPart) -> None:
    doc.add_heading(clean(part.title), level=2)
    if part.description:
        para(doc, part.description, italic=True)
    if not part.scored:
        for row in part.rows:
            para(doc, bold=row.text)
            if row.kind == "list" and row.entries:
                for entry in row.entries:
                    para(doc, entry.line, style="List Bullet")
            else:
                para(doc, row.answer, italic=not row.answered)
            for note in row.notes:
                para(doc, note.line(), italic=True)
        return
    para(doc, f" {part.missing_line}" if part.missing_line else "", bold=part.score_line)
    if part.band_line:
        para(doc, " " + part.band_text if part.band_text else "", bold=part.band_line)
    rows = []
    for row in part.rows:
        answer = row.answer + (f" {row.mark}" if row.mark else "") + "".join(f"\n{note.line()}" for note in row.notes)
        numbered = [str(row.number), f"{row.name}\n{row.text}"] if len(part.answer_headers) == 4 else [row.text]
        rows.append([*numbered, answer, row.score])
    last = len(part.answer_headers) - 1
    table(doc, list(part.answer_headers), rows, numeric=(0, last) if last == 3 else (last,))
