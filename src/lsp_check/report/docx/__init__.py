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

from lsp_check.report import MissingExtra, RenderOptions, by_model

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
