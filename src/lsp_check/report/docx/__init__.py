"""The Word report (.docx, with python-docx): a committee paper laid out from the report model.

One module per kind builds its document (``single``, ``room``, ``plan``, ``compare``, ``cluster``,
``sectors``, ``trend``) from the pieces in ``parts``. Needs the optional extra:
``pip install 'lsp-check[docx]'``. The report is bytes, written whole (atomically) to a file or to stdout
when it is not a terminal.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable

from lsp_check.report import MissingExtra, Rendered, RenderOptions, by_model

INSTALL = "--format docx needs python-docx: pip install 'lsp-check[docx]'"


def require() -> None:
    """Raise MissingExtra, with the command that installs it, when python-docx is missing."""
    try:
        import docx  # noqa: F401
    except ImportError:
        raise MissingExtra(INSTALL) from None


def _document(module: str) -> Callable[[object, RenderOptions], bytes]:
    def render_kind(model: object, options: RenderOptions) -> bytes:
        require()
        document = importlib.import_module(f"lsp_check.report.docx.{module}").document(model)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    render_kind.__doc__ = f"A report model as the bytes of a .docx file, built by report/docx/{module}.py."
    return render_kind


render = by_model("docx", {
    "single": _document("single"),
    "room": _document("room"),
    "comparison": _document("compare"),
    "cluster": _document("cluster"),
    "plans": _document("plan"),
    "sectors": _document("sectors"),
    "trend": _document("trend"),
})


def with_skipped(rendered: Rendered, options: RenderOptions) -> Rendered:
    """The document with the note of the files --skip-invalid left out before its first paragraph."""
    import docx

    from lsp_check.report.model.skipped import skipped_note

    if not isinstance(rendered, bytes):
        return rendered
    note = skipped_note(options.skipped, options.name_skipped)
    document = docx.Document(io.BytesIO(rendered))
    first = document.paragraphs[0]
    heading = first.insert_paragraph_before()
    heading.add_run(note.heading).bold = True
    for line in note.lines:
        first.insert_paragraph_before(line, style="List Bullet")
    if note.footnote:
        first.insert_paragraph_before(note.footnote)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
