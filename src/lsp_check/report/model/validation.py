"""The report model of what validate found, and the place of any problem a report annotates.

A ``Located`` problem is what a format that marks files (the github format) needs: the file, line and column
to attach it to, and its message in words; ``ValidationReport`` holds validate's problems and warnings so. JSON
reads the validation itself (report/json/validation.py), as the machine contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from lsp_check.problems import row_of

if TYPE_CHECKING:
    from lsp_check.load.validation import Validation
    from lsp_check.problems import Problem

ERROR, WARNING = "error", "warning"


class Located(NamedTuple):
    """A problem at its place: an error or a warning, the file it is in ('' when it is not one file), its line and
    column when known, what it says, and a short label for it."""

    severity: str  # ERROR or WARNING
    file: str  # the file alone, without a form export's ':row N'
    line: int | None
    column: int | None
    text: str
    label: str


class ValidationReport(NamedTuple):
    """What validate found, each problem and warning at its place."""

    problems: tuple[Located, ...]  # errors first, then warnings, as stderr says them


def located(problem: Problem, text: str, label: str) -> Located:
    """A problem at its place, with the message ``text`` and the ``label`` given."""
    file, row = row_of(problem.file)
    return Located(severity=WARNING if problem.severity == WARNING else ERROR, file=file,
                   line=problem.line if problem.line is not None else row, column=problem.column, text=text,
                   label=label)


def message(problem: Problem) -> str:
    """A problem's message with its key path: 'answers.general: found …'."""
    return f"{problem.path + ': ' if problem.path else ''}{problem.message}"


def validation_report(validation: Validation) -> ValidationReport:
    """The report model of what validate found."""
    problems = []
    for problem in (*validation.problems, *validation.warnings):
        severity = WARNING if problem.severity == WARNING else ERROR
        file, row = row_of(problem.file)
        problems.append(located(problem, f"{file if row is None else f'{file}:{row}'}: {message(problem)}", severity))
    return ValidationReport(problems=tuple(problems))
