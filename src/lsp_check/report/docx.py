"""The Word report (.docx, with python-docx): headings, the section table, needs and actions, for a committee paper.

Needs the optional extra: ``pip install 'lsp-check[docx]'``. The report is
bytes, written whole (atomically) to a file or to stdout when it is not a terminal.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

from lsp_check.report import MissingExtra, RenderOptions, by_kind
from lsp_check.figures import num, pct
from lsp_check.score.result import Result, SectionResult

INSTALL = "--format docx needs python-docx: pip install 'lsp-check[docx]'"
# Characters XML 1.0 cannot hold; python-docx refuses them, so they are dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def require() -> None:
    """Raise MissingExtra, with the command that installs it, when python-docx is missing."""
    try:
        import docx  # noqa: F401
    except ImportError:
        raise MissingExtra(INSTALL) from None


def _clean(text: object) -> str:
    return _NOT_XML.sub("", str(text))


def _new_document(title: str) -> Any:
    import datetime

    from docx import Document

    document = Document()
    props = document.core_properties
    # Word's core properties hold at most 255 characters; the heading in the body keeps the whole title.
    title = _clean(title)
    props.title = title if len(title) <= 255 else title[:254] + "\u2026"
    props.author = props.last_modified_by = "lsp-check"
    props.created = props.modified = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0, tzinfo=None)
    return document


def _table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (),
           bold_last: bool = False) -> Any:
    """A table with a bold, repeating header row; ``numeric`` columns are right-aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    header_row = table.rows[0]
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on each page
    repeat.set(qn("w:val"), "true")
    header_row._tr.get_or_add_trPr().append(repeat)
    for i, (cell, text) in enumerate(zip(header_row.cells, header)):
        _cell(cell, text, bold=True, right=i in numeric, align=WD_ALIGN_PARAGRAPH)
    for r, values in enumerate(rows):
        cells = table.add_row().cells
        last = bold_last and r == len(rows) - 1
        for i, (cell, text) in enumerate(zip(cells, values)):
            _cell(cell, text, bold=last, right=i in numeric, align=WD_ALIGN_PARAGRAPH)
    return table


def _cell(cell: Any, text: str, bold: bool, right: bool, align: Any) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(_clean(text))
    run.bold = bold
    if right:
        paragraph.alignment = align.RIGHT


def _para(document: Any, text: str = "", style: str | None = None, bold: str = "", italic: bool = False) -> Any:
    """A paragraph, optionally starting with a bold lead-in."""
    paragraph = document.add_paragraph(style=style)
    if bold:
        paragraph.add_run(_clean(bold)).bold = True
    if text:
        paragraph.add_run(_clean(text)).italic = italic
    return paragraph


def _section(document: Any, s: SectionResult) -> None:
    document.add_heading(_clean(s.title), level=2)
    if s.description:
        _para(document, s.description, italic=True)
    if not s.scored:
        for item in s.items:
            _para(document, bold=item.text)
            if item.kind == "list" and item.items:
                for entry in item.items:
                    _para(document, entry, style="List Bullet")
            else:
                _para(document, item.answer or "(unanswered)", italic=not item.answer)
            if item.note:
                _para(document, f"Note: {item.note}", italic=True)
        return
    line = f"Score: {num(s.score)} out of a possible {num(s.max)} ({pct(s.percent)})."
    _para(document, f" {s.missing} unanswered." if s.missing else "", bold=line)
    if s.band:
        estimated = " (estimated from the questions answered)" if s.band_estimated else ""
        _para(document, " " + s.band.text if s.band.text else "", bold=f"{s.band.label}{estimated}:")
    rows = []
    for item in s.items:
        answer = item.answer or "(unanswered)"
        marker = {"weak": " ▲", "tracked": " ◆"}.get(item.level or "", "")
        rows.append([item.text, answer + marker + (f"\nNote: {item.note}" if item.note else ""),
                     num(item.score) if item.score is not None else "–"])
    _table(document, ["Statement", "Answer", "Score"], rows, numeric=(2,))


def result_document(result: Result) -> Any:
    """The Word document of one answers file."""
    partnership = result.partnership or "(partnership not named)"
    document = _new_document(f"Partnership health check: {partnership}")
    document.add_heading(_clean(f"Partnership health check: {partnership}"), level=1)
    meta = " · ".join(x for x in (f"Date: {result.date}" if result.date else "",
                                  f"Respondent: {result.respondent}" if result.respondent else "") if x)
    if meta:
        _para(document, meta)
    scored = [s for s in result.sections if s.scored]
    o = result.overall
    if scored:
        document.add_heading("Summary", level=2)
        rows = [[s.title, num(s.score), num(s.max), pct(s.percent),
                 (s.band.label + (" (estimated)" if s.band_estimated else "")) if s.band else "–"] for s in scored]
        rows.append(["Overall", num(o.score), num(o.max), pct(o.percent), ""])
        _table(document, ["Section", "Score", "Out of", "%", "Band"], rows, numeric=(1, 2, 3), bold_last=True)
        missing = o.questions - o.answered
        if missing:
            _para(document, f"{missing} question{'s' if missing != 1 else ''} unanswered: "
                            "scores are out of the questions answered.")
    for s in result.sections:
        _section(document, s)
    if scored:
        document.add_heading("Overall Record", level=2)
        if not result.needs:
            _para(document, "No answers raised a need.")
        else:
            _para(document, "These are the needs identified and actions worth considering:")
        for i, need in enumerate(result.needs, 1):
            document.add_heading(_clean(f"{i}. {need.need}"), level=3)
            _para(document, f"{need.section_title}: \u201c{need.question_text}\u201d, answered {need.answer}.",
                  italic=True)
            if need.note:
                _para(document, f"Note: {need.note}", italic=True)
            for action in need.actions:
                _para(document, action, style="List Bullet")
    if result.plan and result.plan.rows:
        from lsp_check.report.docx_programmes import add_plan

        add_plan(document, result.plan)
    for heading, intro, flags in (
        ("Low answers", ("These answers are low but are read through the section's band rather than added to "
                         "the Overall Record:"), result.low),
        ("Action in hand", "Tracked, with no new suggestions:", result.tracked),
    ):
        if flags:
            document.add_heading(heading, level=2)
            _para(document, intro)
            for flag in flags:
                paragraph = _para(document, f"{flag.section_title}: {flag.question_text}: ", style="List Bullet")
                paragraph.add_run(_clean(flag.answer)).bold = True
    if result.unanswered:
        document.add_heading("Unanswered", level=2)
        for m in result.unanswered:
            _para(document, f"{m.section_title}: {m.question_text}", style="List Bullet")
    return document


def _bytes(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_result(result: Result, options: RenderOptions) -> bytes:
    """Render the Word report of one answers file, as the bytes of a .docx file."""
    require()
    return _bytes(result_document(result))


def _rendered(build: str) -> Any:
    def render_document(result: Any, options: RenderOptions) -> bytes:
        require()
        from lsp_check.report import docx_programmes

        return _bytes(getattr(docx_programmes, build)(result))

    render_document.__doc__ = f"Render a result as the bytes of a .docx file, through {build}."
    return render_document


render = by_kind("docx", {
    "single": render_result,
    "groups": _rendered("groups_document"),
    "comparison": _rendered("comparison_document"),
    "cluster": _rendered("cluster_document"),
    "plans": _rendered("plans_document"),
})
