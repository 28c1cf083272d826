"""The note a report carries when --skip-invalid left files out: what it says, decided once for every format.

Each format lays the note out at the top of whatever it rendered (every kind of result alike): its
``with_skipped`` reads this model. A file's name may name its respondent, so a document names the files left out
only where respondents may be named (``RenderOptions.name_skipped``, set by --show-respondents); otherwise it
gives each file's first problem by line and column. The github format names them, as stderr does: it is a CI
log, and its annotations are attached to the files. CSV carries no note (a spreadsheet table has no place for
one): stderr and the exit status say it.
"""

from __future__ import annotations

from typing import NamedTuple

from lsp_check.problems import Problem
from lsp_check.report.model.validation import WARNING, Located, message

LEFT_OUT = "left out (--skip-invalid)"
FILE_LEFT_OUT = "file left out"
NOT_NAMED = "Files are not named here, as a file's name may name its respondent; lsp-check names them on stderr."


class SkippedNote(NamedTuple):
    """What a report says of the files left out: a heading, one line per file, and why they are not named.

    ``files`` places each file left out, for a format that annotates files (only when files are named)."""

    heading: str
    lines: tuple[str, ...]
    footnote: str
    files: tuple[Located, ...] = ()


def skipped_note(skipped: tuple[Problem, ...], named: bool) -> SkippedNote:
    """The words of the note, naming the files or not."""
    count = len(skipped)
    heading = (f"{count} file{'s' if count != 1 else ''} {'were' if count != 1 else 'was'} left out of this report "
               f"because {'each has' if count != 1 else 'it has'} a problem (--skip-invalid):")
    lines = tuple(str(problem) if named else _unnamed(problem) for problem in skipped)
    files = tuple(Located(severity=WARNING, file=p.file, line=p.line, column=p.column,
                          text=f"{p.file}: {LEFT_OUT}: {message(p)}", label=FILE_LEFT_OUT)
                  for p in skipped) if named else ()
    return SkippedNote(heading=heading, lines=lines, footnote="" if named else NOT_NAMED, files=files)


def _unnamed(problem: Problem) -> str:
    where = ""
    if problem.line is not None:
        where = f"line {problem.line}" + (f", column {problem.column}" if problem.column is not None else "") + ": "
    return f"{where}{message(problem)}"
