"""Building blocks of the Word documents: cleaned text, tables, paragraphs, and the report model laid out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lsp_check.sanitise import visible

if TYPE_CHECKING:
    from docx.document import Document
    from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    from lsp_check.report.model.health import Report

# Characters XML 1.0 cannot hold (python-docx refuses them), besides the controls sanitise shows visibly.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
# Word's document properties (the title) hold at most 255 characters.
PROPERTY_LIMIT = 255


def clean(text: object) -> str:
    """Text Word can hold: control characters shown visibly (as in every report people read), the rest dropped."""
    return _NOT_XML.sub("\ufffd", visible(str(text)))


def new_document(title: str) -> Document:
    """A new Word document with its title (cut to what Word's properties hold) and author set."""
    import datetime

    from docx import Document

    document = Document()
    props = document.core_properties
    title = clean(title)
    props.title = title if len(title) <= PROPERTY_LIMIT else title[:PROPERTY_LIMIT - 1] + "…"
    props.author = props.last_modified_by = "lsp-check"
    props.created = props.modified = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0, tzinfo=None)
    return document


def table(document: Document, header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (),
          bold_last: bool = False) -> Table:
    """A table with a bold, repeating header row; ``numeric`` columns are right-aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table: Table = document.add_table(rows=1, cols=len(header))  # python-docx leaves its return type out
    table.style = "Table Grid"
    header_row = table.rows[0]
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on each page
    repeat.set(qn("w:val"), "true")
    header_row._tr.get_or_add_trPr().append(repeat)
    for i, (cell, text) in enumerate(zip(header_row.cells, header)):
        _cell(cell, text, bold=True, right=i in numeric, align=WD_ALIGN_PARAGRAPH)
    for r, values in enumerate(rows):
        cells = table.add_row().cells  # type: ignore[no-untyped-call]  # python-docx leaves add_row unannotated
        last = bold_last and r == len(rows) - 1
        for i, (cell, text) in enumerate(zip(cells, values)):
            _cell(cell, text, bold=last, right=i in numeric, align=WD_ALIGN_PARAGRAPH)
    return table


def _cell(cell: _Cell, text: str, bold: bool, right: bool, align: type[WD_PARAGRAPH_ALIGNMENT]) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(clean(text))
    run.bold = bold
    if right:
        paragraph.alignment = align.RIGHT


def para(document: Document, text: str = "", style: str | None = None, bold: str = "", italic: bool = False
         ) -> Paragraph:
    """A paragraph, optionally starting with a bold lead-in."""
    paragraph = document.add_paragraph(style=style)
    if bold:
        paragraph.add_run(clean(bold)).bold = True
    if text:
        paragraph.add_run(clean(text)).italic = italic
    return paragraph


def add_title(document: Document, report: Report) -> None:
    """The report model's title and the lines under it."""
    document.add_heading(clean(report.title), level=1)
    for line in report.lines:
        para(document, line)


def add_needs(document: Document, report: Report) -> None:
    """The report model's Overall Record: each need, its detail, notes and actions."""
    document.add_heading(clean(report.needs_title), level=2)
    para(document, report.needs_intro)
    for need in report.needs:
        document.add_heading(clean(need.heading), level=3)
        para(document, need.detail, italic=True)
        for note in need.notes:
            para(document, note.line(), italic=True)
        for action in need.actions:
            para(document, action, style="List Bullet")


def add_lists(document: Document, report: Report) -> None:
    """The report model's lists of answers shown without suggestions, with their notes."""
    for answers in report.lists:
        document.add_heading(clean(answers.title), level=2)
        para(document, answers.intro)
        for entry in answers.entries:
            paragraph = para(document, f"{entry.section_title}: {entry.question_text}"
                             + (": " if entry.answer else ""), style="List Bullet")
            if entry.answer:
                paragraph.add_run(clean(entry.answer)).bold = True
            for note in entry.notes:
                para(document, note.line(), italic=True)
    if report.legend:
        para(document, report.legend)
