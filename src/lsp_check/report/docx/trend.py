"""The Word document of a trend: each section over the assessments, each step's needs, each need's history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.docx.parts import clean, new_document, para, table

if TYPE_CHECKING:
    from docx.document import Document

    from lsp_check.report.model.trend import TrendReport


def document(r: TrendReport) -> Document:
    """The Word document of a trend's report model."""
    document = new_document(r.title)
    document.add_heading(clean(r.title), level=1)
    para(document, r.dates_line)
    for line in r.sources:
        para(document, line, style="List Bullet")
    document.add_heading(r.sections_heading, level=2)
    count = len(r.labels)
    rows = [[s.title, *s.values, f"{s.arrow} {s.change}", s.latest, s.band] for s in r.sections]
    o = r.overall
    rows.append([o.title, *o.values, f"{o.arrow} {o.change}", o.latest, ""])
    section, _, change, latest, band = r.series_headers
    table(document, [section, *r.labels, change, latest, band], rows,
          numeric=tuple(range(1, count + 3)), bold_last=True)
    para(document, r.series_note)
    for s in r.sections:
        if s.note:
            para(document, f"{s.title}: {s.note}")
    para(document, r.regression_line)
    for step in r.steps:
        document.add_heading(clean(step.heading), level=2)
        for group in step.groups:
            para(document, ": " + ("; ".join(n.line for n in group.needs) if group.needs else group.empty),
                 bold=group.heading)
    if r.needs:
        document.add_heading(r.needs_heading, level=2)
        para(document, r.legend)
        table(document, [r.need_headers[0], *r.labels, r.need_headers[2]],
              [[n.line, *(f"{m} {w}" for m, w in zip(n.marks, n.words)), n.status] for n in r.needs])
        para(document, r.counts_line)
    return document
