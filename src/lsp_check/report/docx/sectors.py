"""The Word document of sectors side by side: each partnership's report model as headings, sentences and tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.docx.parts import clean, new_document, para, table

if TYPE_CHECKING:
    from docx.document import Document

    from lsp_check.score.sectors import Sectors



def sectors_document(result: Sectors) -> Document:
    """The Word document of a room read by sector or organisation, one part per partnership."""
    from lsp_check.report.model.sectors import sectors_reports

    reports = sectors_reports(result)
    document = new_document(reports[0].title if len(reports) == 1 else f"{result.by.capitalize()}s side by side")
    for r in reports:
        document.add_heading(clean(r.title), level=1)
        for line in (*r.lines, r.hidden, r.none_shown):
            if line:
                para(document, line)
        document.add_heading("Sections", level=2)
        figures = range(1, len(r.headers))
        table(document, ["Section", *r.headers[1:], "Where they differ"],
              [[row.label, *(c.text for c in row.cells), row.note] for row in r.sections], numeric=tuple(figures))
        para(document, r.rule, italic=True)
        for block in r.questions:
            document.add_heading(clean(block.title), level=2)
            table(document, ["Question", *r.headers[1:], "Where they differ"],
                  [[row.label, *(c.text for c in row.cells), row.note] for row in block.rows])
    return document
