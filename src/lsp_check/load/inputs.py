"""Which files a command's arguments name: files as given, directories searched, glob patterns expanded.

A directory often holds more than answers: the reports and plans written beside them. Those are
recognised and skipped (by name, or for CSV by lsp-check's own heading row), and named so that the
CLI can say in one line what was left out.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from lsp_check.load.filekinds import OLD_EXCEL
from lsp_check.load.sheets import is_form_export
from lsp_check.problems import InputError, Problem

# What every command expects a file it reads to be, in the one sentence that refuses anything else.
EXPECTED_INPUT = "expected answers (YAML) or a form export (CSV, or an Excel workbook)"

ANSWER_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx")

# Files that are plainly not answers, by suffix, and what each is.
NOT_ANSWERS = {
    ".md": "a Markdown file",
    ".markdown": "a Markdown file",
    ".html": "an HTML file",
    ".htm": "an HTML file",
    ".docx": "a Word document",
    ".doc": "a Word document",
    ".json": "a JSON file",
    ".pdf": "a PDF file",
    ".xls": OLD_EXCEL,
    ".txt": "a text file",
}

# The first two headings of the CSV files lsp-check writes (plan and cluster), and what each is.
OWN_CSV = {
    ("partnership", "horizon"): "an action plan written by lsp-check",
    ("partnership", "respondents"): "a cluster table written by lsp-check",
}


class Skipped(NamedTuple):
    """A file found in a directory and left out, with what it is."""

    path: str
    what: str


def is_answers_file(path: str) -> bool:
    """Whether a file name looks like an answers file or a form export."""
    return os.path.splitext(path)[1].lower() in ANSWER_SUFFIXES


def own_output(path: str) -> str:
    """What a file is when lsp-check wrote it (a plan or cluster table, a JSON report), else ''."""
    if path.lower().endswith(".json"):
        try:
            with open(path, encoding="utf-8", errors="replace") as file:
                start = file.read(200)
        except OSError:
            return ""
        return "a JSON report written by lsp-check" if '"schema_version"' in start else ""
    if not path.lower().endswith(".csv"):
        return ""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as file:
            first = file.readline()
            if first.startswith("sep="):
                first = file.readline()
    except OSError:
        return ""
    cells = [cell.strip().strip('"').casefold() for cell in first.split(",")[:2]] + ["", ""]
    return OWN_CSV.get((cells[0], cells[1]), "")


def refusal(path: str, what: str) -> Problem:
    """The problem every command reports for a file that is plainly not answers nor a form export."""
    return Problem(path, f"is {what}, not an answers file; {EXPECTED_INPUT}")


def not_answers(path: str) -> str:
    """What a file plainly is when it is not answers or a form export (a report, a plan...), else ''."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in NOT_ANSWERS:
        return own_output(path) or NOT_ANSWERS[suffix]
    if suffix not in ANSWER_SUFFIXES:
        return ""
    return own_output(path)


def expand(args: Iterable[str | os.PathLike[str]], skipped: list[Skipped] | None = None) -> list[str]:
    """Files named by arguments: files as given, directories searched for answers files, globs expanded.

    Files in a directory that are not answers (reports, lsp-check's own plans) are left out and, when
    ``skipped`` is given, added to it; hidden files and folders are left out silently.
    """
    paths: list[str] = []
    problems: list[Problem] = []
    for arg in (os.fspath(a) for a in args):
        if os.path.isdir(arg):
            found = _answers_only(_walk(arg), skipped)
            if not found:
                problems.append(Problem(arg, "directory holds no answers files (*.yaml, *.yml, *.csv, *.xlsx)"))
            paths.extend(found)
        elif not os.path.exists(arg) and any(c in arg for c in "*?["):
            import glob

            found = _answers_only(sorted(p for p in glob.glob(arg, recursive=True) if os.path.isfile(p)), skipped)
            if not found:
                problems.append(Problem(arg, "no answers files match this pattern"))
            paths.extend(found)
        else:
            paths.append(arg)
    if problems:
        raise InputError(problems)
    return list(dict.fromkeys(paths))


def _answers_only(paths: list[str], skipped: list[Skipped] | None) -> list[str]:
    found = []
    for path in paths:
        what = not_answers(path) or ("" if is_answers_file(path) else "not an answers file")
        if not what:
            found.append(path)
        elif skipped is not None:
            skipped.append(Skipped(path, what))
    return found


def _walk(top: str) -> list[str]:
    found: list[str] = []
    for root, dirs, names in os.walk(top):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        # Hidden files, and the schemas lsp-check writes beside answers files for editors, go unmentioned.
        found.extend(os.path.join(root, name) for name in names
                     if not name.startswith(".") and not name.endswith(".schema.json"))
    return sorted(found)


def skipped_line(skipped: list[Skipped], shown: int = 3) -> str:
    """One line saying which files were skipped and why: the first few, then how many more."""
    count = len(skipped)
    items = [f"{s.path} ({s.what})" for s in skipped[:shown]]
    if count > shown:
        items.append(f"and {count - shown} more")
    return f"lsp-check: skipped {count} file{'s' if count != 1 else ''} that {'is' if count == 1 else 'are'} " \
           f"not answers: {', '.join(items)}"


def is_single(args: Sequence[str], paths: Sequence[str]) -> bool:
    """Whether the arguments name one answers file, scored on its own as one health check.

    The rule, written once: one argument naming one answers file (not a directory, not a form export) is a
    single health check; anything else (several files, a directory, a glob, a form export) is a room, whose
    respondents are combined per partnership.
    """
    return len(args) == 1 and len(paths) == 1 and not is_form_export(paths[0]) and not os.path.isdir(args[0])
