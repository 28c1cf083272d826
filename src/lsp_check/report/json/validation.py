"""The JSON of what validate found (docs/formats.md): each file that passed, every problem and warning, the
notes, and the verdict that sets the exit status."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lsp_check.load.validation import Validation
    from lsp_check.problems import Problem


def validation_data(v: Validation, schema_version: int, verdict: str, status: int) -> dict[str, object]:
    """What validate found as JSON-ready data."""
    return {
        "schema_version": schema_version,
        "kind": "validation",
        "valid": not v.problems,
        "status": status,
        "verdict": verdict,
        "files": v.files,
        "checked": [{"file": c.path, "kind": c.kind, "detail": c.detail,
                     "responses": c.respondents if c.kind == "form" else None, "warnings": c.warned}
                    for c in v.checked],
        "problems": [_problem(p) for p in v.problems],
        "warnings": [_problem(p) for p in v.warnings],
        "notes": list(v.notices),
    }


def _problem(p: Problem) -> dict[str, object]:
    from lsp_check.problems import row_of

    file, row = row_of(p.file)  # a form export's row is its line, as a cell's row is
    return {"file": file, "line": p.line if p.line is not None else row, "column": p.column, "path": p.path,
            "message": p.message}
