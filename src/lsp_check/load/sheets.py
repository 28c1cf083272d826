"""The answer sheets a file holds: one for an answers file, one per row of a form export (CSV or workbook)."""

from __future__ import annotations

from lsp_check.problems import Problem
from lsp_check.questionnaire import AnswerSheet, Library

FORM_SUFFIXES = (".csv", ".xlsx")


def is_form_export(path: str) -> bool:
    """Whether a file is read as a form export (CSV or Excel workbook, one respondent per row) rather than YAML."""
    return path.lower().endswith(FORM_SUFFIXES)


def read_sheets(path: str, library: Library, strict: bool = False,
                warnings: list[Problem] | None = None) -> list[AnswerSheet]:
    """The answer sheets in one file: one for a YAML file, one per row for a form export.

    A form export's columns that match no question are a warning (added to ``warnings``), or an error with
    ``strict``.
    """
    if is_form_export(path):
        from pathlib import Path

        from lsp_check.load.forms import read_responses

        return read_responses(Path(path), library, strict=strict, warnings=warnings)
    from lsp_check.load.answers import load_answers

    return [load_answers(path, library)]
