"""The Word document of a cluster: partnerships × sections against the median, and the shared needs ranked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.docx.parts import clean, new_document, para, table

if TYPE_CHECKING:
    from docx.document import Document

    from lsp_check.report.model.cluster import ClusterReport


def document(r: ClusterReport) -> Document:
    """The Word document of a cluster's report model."""
    doc = new_document(r.title)
    doc.add_heading(clean(r.title), level=1)
    for warning in r.warnings:
        para(doc, bold=warning)
    doc.add_heading(clean(r.table_title), level=2)
    para(doc, r.table_note)
    rows = [[row.partnership, str(row.respondents), row.dates, *(cell.text for cell in row.cells)] for row in r.rows]
    rows.append([r.median_row, "", "", *r.medians])
    table(doc, list(r.headers), rows, numeric=(1, *range(3, len(r.headers))), bold_last=True)
    doc.add_heading(clean(r.shared_title), level=2)
    para(doc, r.shared_intro)
    if r.shared:
        table(doc, list(r.shared_headers),
              [[str(s.rank), s.need, s.partnerships, str(s.respondents), s.which] for s in r.shared], numeric=(0, 2, 3))
    else:
        para(doc, r.no_shared, italic=True)
    return doc
