"""The note a report carries when --skip-invalid left files out: what it says, decided once for every format.

Each format lays the note out at the top of whatever it rendered (every kind of result alike): its
``with_skipped`` reads this model. A report is read by people who must not learn what one respondent wrote, so the
note says how many files were left out and, for each, only the kind of its problem, in words of lsp-check's own
(``problem_kind``): never the value found, the key path, the line or the note. A file's name may name its
respondent, so the files are named only where respondents may be named (``RenderOptions.name_skipped``, set by
--show-respondents). When fewer than the anonymity threshold were left out, the note (and stderr) warns against
sharing the report beside a later one that includes them: the later less this one would be their answers.
stderr, read by whoever ran lsp-check, gives each file and its problem in full. CSV carries
no note (a spreadsheet table has no place for one): stderr and the exit status say it.
"""

from __future__ import annotations

from typing import NamedTuple

from lsp_check.method import DEFAULT_THRESHOLD
from lsp_check.problems import Problem

LEFT_OUT = "left out (--skip-invalid)"
FILE_LEFT_OUT = "file left out"
NOT_NAMED = ("The files and what is wrong in them are not shown here, as they may say who answered what; "
             "lsp-check gives them on stderr.")
NAMED = "What is wrong in each file is not shown here; lsp-check gives it on stderr."

# The kinds of problem a note may name, matched in order on the problem's key path and message. Each kind is a
# fixed phrase, so nothing a respondent wrote can reach a report through it.
ANSWER_NOT_ON_SCALE = "an answer not on its question's scale"
UNKNOWN_QUESTION = "an answer to a question the questionnaire does not have"
UNREADABLE_ANSWER = "an answer lsp-check cannot read"
UNREADABLE_DATE = "a date lsp-check cannot read"
UNREADABLE_HEADING = "a partnership or respondent field lsp-check cannot read"
NOT_YAML = "a file that is not valid YAML"
NOT_TEXT = "a file that is not readable text"
NOT_ANSWERS = "a file that is not an answers file"
OTHER = "a problem in the file"



def share_one_or_the_other(count: int, threshold: int = DEFAULT_THRESHOLD) -> str:
    """The warning against sharing this report beside a later one with the files left out, when fewer than the
    anonymity threshold were left out: the second less the first would be those files' answers. '' otherwise."""
    if not 0 < count < threshold:
        return ""
    files, who = ("the file", "its respondent") if count == 1 else (f"the {count} files", "their respondents")
    return (f"Do not share this report beside a later one that includes {files} left out: with fewer than "
            f"{threshold} left out, the two together would show what {who} answered. Share one or the other.")


_HEADING_KEYS = ("partnership", "respondent", "organisation", "sector", "date")


class SkippedNote(NamedTuple):
    """What a report says of the files left out: a heading, one line per kind of problem (or, when files may be
    named, per file), and where the full problems are."""

    heading: str
    lines: tuple[str, ...]
    footnote: str
    files: tuple[str, ...] = ()


def problem_kind(problem: Problem) -> str:
    """The kind of a file's problem in lsp-check's own words, never quoting the file."""
    path, message = problem.path, problem.message
    top = path.split(".", 1)[0].split("[", 1)[0]
    if "unknown section" in message or "unknown question" in message:
        return UNKNOWN_QUESTION
    if "is not an answer on the" in message:
        return ANSWER_NOT_ON_SCALE
    if top == "answers":
        return UNREADABLE_ANSWER
    if top == "date":
        return UNREADABLE_DATE
    if top in _HEADING_KEYS:
        return UNREADABLE_HEADING
    if "YAML" in message:
        return NOT_YAML
    if "binary" in message or "UTF" in message or "control character" in message:
        return NOT_TEXT
    if "not an answers file" in message or "not answers" in message or "file is empty" in message:
        return NOT_ANSWERS
    return OTHER


def skipped_note(skipped: tuple[Problem, ...], named: bool) -> SkippedNote:
    """The words of the note: the count, and the kinds of problem (with each file's name when ``named``)."""
    count = len(skipped)
    heading = (f"{count} file{'s' if count != 1 else ''} {'were' if count != 1 else 'was'} left out of this report "
               f"because {'each has' if count != 1 else 'it has'} a problem (--skip-invalid):")
    if named:
        lines = tuple(f"{p.file}: {problem_kind(p)}" for p in skipped)
        return SkippedNote(heading=heading, lines=lines, footnote=NAMED, files=tuple(p.file for p in skipped))
    kinds: dict[str, int] = {}
    for problem in skipped:
        kind = problem_kind(problem)
        kinds[kind] = kinds.get(kind, 0) + 1
    lines = tuple(f"{n} with {kind}" if count != 1 else kind for kind, n in sorted(kinds.items()))
    footnote = " ".join(part for part in (NOT_NAMED, share_one_or_the_other(count)) if part)
    return SkippedNote(heading=heading, lines=lines, footnote=footnote)
