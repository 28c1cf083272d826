"""The Word document of sectors side by side: each partnership's report model as headings, sentences and tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.docx.parts import clean, new_document, para, table

if TYPE_CHECKING:
    from docx.document import Document as Doc

    from lsp_check.report.model.sectors import SectorsDocument


def document(sectors: SectorsDocument) -> Doc:
    """The Word document of a room read by sector or organisation, one part per partnership."""
    doc = new_document(sectors.title)
    for r in sectors.reports:
        doc.add_heading(clean(r.title), level=1)
        for line in (*r.lines, r.hidden, r.none_shown):
            if line:
                para(doc, line)
        doc.add_heading(clean(r.sections_title), level=2)
        figures = range(1, len(r.headers))
        table(doc, [*r.headers, r.differ_header],
              [[row.label, *(c.text for c in row.cells), row.note] for row in r.sections], numeric=tuple(figures))
        if r.rule:
            para(doc, r.rule, italic=True)
        for block in r.questions:
            doc.add_heading(clean(block.title), level=2)
            table(doc, [r.question_header, *r.headers[1:], r.differ_header],
                  [[row.label, *(c.text for c in row.cells), row.note] for row in block.rows])
    return doc
