"""The Word document of a comparison: sections then and now, the questions that moved, what became of the needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.docx.parts import clean, new_document, para, table

if TYPE_CHECKING:
    from docx.document import Document

    from lsp_check.report.model.compare import ComparisonReport


def document(r: ComparisonReport) -> Document:
    """The Word document of a comparison's report model."""
    doc = new_document(r.title)
    doc.add_heading(clean(r.title), level=1)
    para(doc, r.dates)
    if r.partnerships_note:
        para(doc, r.partnerships_note)
    for line in r.lines:
        para(doc, line)
    doc.add_heading(clean(r.sections_title), level=2)
    rows = [[m.title, m.then, m.now, m.change, f"{m.arrow} {m.word}", m.band] for m in (*r.sections, r.overall)]
    table(doc, list(r.section_headers), rows, numeric=(1, 2, 3), bold_last=True)
    para(doc, r.change_note)
    for line in r.notes:
        para(doc, line)
    if r.moved:
        doc.add_heading(clean(r.moved_title), level=2)
        if r.moved_note:
            para(doc, r.moved_note)
        table(doc, list(r.moved_headers), [[m.text, m.then, m.now, m.change, f"{m.arrow} {m.word}"] for m in r.moved],
              numeric=(3,))
    for group in r.need_groups:
        doc.add_heading(clean(group.heading), level=2)
        for need in group.needs:
            para(doc, need.line, style="List Bullet")
        if not group.needs:
            para(doc, group.empty, italic=True)
    return doc
