"""Problems found in input files: values with a location, and the error that carries them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, Union

PathPart = Union[str, int]
KeyPath = tuple[PathPart, ...]


def format_path(path: Iterable[PathPart]) -> str:
    """Render a key path the way a reader navigates the file: ``sections[1].questions[0].id``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = str(part)
            if len(part) > 80:  # a key as long as a value is echoed like one (limits.shorten)
                part = f"{part[:80]}... ({len(part):,} characters)"
            out += f".{part}" if out else part
    return out


# How a form export's row is named inside lsp-check, as the path of the answers it holds: 'responses.csv:row 2'.
ROW = ":row "


def row_of(path: str) -> tuple[str, int | None]:
    """A form export's file and row from the path of a row's answers ('responses.csv:row 2'), else (path, None)."""
    file, mark, row = path.rpartition(ROW)
    return (file, int(row)) if mark and row.isdigit() else (path, None)


class Problem(NamedTuple):
    """One thing wrong (or doubtful) in one file, with where it is."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    path: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        # A form export's row is located as a line is (file:row: and file:row:column:), for editors and CI logs.
        where, row = row_of(self.file)
        line = self.line if self.line is not None else row
        if line is not None:
            where += f":{line}"
            if self.column is not None:
                where += f":{self.column}"
        label = "" if self.severity == "error" else f"{self.severity}: "
        at = f"{self.path}: " if self.path else ""
        return f"{where}: {label}{at}{self.message}"


class InputError(Exception):
    """Bad input: one or more problems, reported together with exit status 2.

    Problems are kept file by file, in the order files were given, and in line order within a file.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        problems = list(problems)
        files = {p.file: i for i, p in reversed(list(enumerate(problems)))}
        self.problems = tuple(sorted(problems, key=lambda p: (files[p.file], p.line or 0, p.column or 0)))
        super().__init__("\n".join(str(p) for p in self.problems))


def report_lines(problems: Iterable[Problem], limit: int = 50) -> list[str]:
    """The lines that report problems: at most ``limit`` per file, then how many more that file has."""
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    lines: list[str] = []
    for file, found in by_file.items():
        lines.extend(str(p) for p in found[:limit])
        more = len(found) - limit
        if more > 0:
            lines.append(f"{file}: and {more:,} more problem{'s' if more != 1 else ''} (fix the ones above first)")
    return lines


def first_of_each_file(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Each file's first problem (files in the order given, problems in line order), saying how many more the
    file has: what a run that leaves out files with problems (--skip-invalid) reports of each."""
    by_file: dict[str, list[Problem]] = {}
    for problem in InputError(problems).problems:
        by_file.setdefault(problem.file, []).append(problem)
    firsts = []
    for found in by_file.values():
        more = len(found) - 1
        first = found[0]
        if more:
            first = first._replace(message=f"{first.message} (and {more:,} more problem{'s' if more != 1 else ''})")
        firsts.append(first)
    return tuple(firsts)


def fail(file: str, message: str, line: int | None = None, column: int | None = None) -> InputError:
    """Build an InputError holding a single problem."""
    return InputError([Problem(file, message, line, column)])
