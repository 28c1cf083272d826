"""Checking answers files, form exports and questionnaire files without scoring them. Pure: no printing.

Questionnaire files among the inputs are checked together with the bundled questionnaires (and any
``--questionnaires`` folders), and answers files and form exports are checked against the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from lsp_check.load.sheets import is_form_export
from lsp_check.problems import InputError, Problem, row_of

if TYPE_CHECKING:
    from lsp_check.load.forms import Reading
    from lsp_check.questionnaire import Library

ANSWERS = "answers"
FORM = "form"
QUESTIONNAIRE = "questionnaire"


class Checked(NamedTuple):
    """A file that passed: what kind it is, and a phrase on what it holds."""

    path: str
    kind: str  # ANSWERS, FORM or QUESTIONNAIRE
    detail: str
    respondents: int = 1
    warned: bool = False

    @property
    def line(self) -> str:
        """The file's line in the per-file listing (validate -v)."""
        what = {ANSWERS: "answers", FORM: "form export", QUESTIONNAIRE: "questionnaire file"}[self.kind]
        status = "valid, with warnings," if self.warned else "valid"
        return f"{self.path}: {status} {what} ({self.detail})"


class Validation(NamedTuple):
    """What checking the files found: those that passed, every problem, warnings, and the library's notes."""

    checked: tuple[Checked, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    notices: tuple[str, ...]
    files: int
    readings: tuple[Reading, ...] = ()  # how each form export was read, when asked for (--explain)

    @property
    def failed_files(self) -> int:
        """How many files had at least one error."""
        return len({row_of(p.file)[0] for p in self.problems})


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def validate_files(paths: Iterable[str], questionnaire_dirs: tuple[str, ...] = (), strict: bool = False, *,
                   source: str | None = None, worksheet: str | None = None, keep_readings: bool = False,
                   review: Callable[[list[tuple[str, str, str]]], list[Problem]] | None = None) -> Validation:
    """Check every file: questionnaire files into the library, then answers files and form exports against it.

    ``source`` and ``worksheet`` (a workbook's sheet) apply to every form export; with ``keep_readings`` the Validation keeps how each
    was read. ``review`` adds what is said of the answers read as a whole, given each valid one's (partnership,
    date, file): the whole-room review scoring runs too (api.dated_review), so that ``validate --strict`` refuses
    what ``score --strict`` does.
    """
    from lsp_check.load.answers import check_answers
    from lsp_check.load.questionnaires import is_questionnaire_data, load_library
    from lsp_check.load.yamlfile import load_file

    paths = list(paths)
    problems: list[Problem] = []
    docs = []
    for path in paths:
        if is_form_export(path):
            continue
        try:
            docs.append((path, load_file(path)))
        except InputError as error:
            problems.extend(error.problems)
    questionnaire_paths = [path for path, doc in docs if is_questionnaire_data(doc.data)]
    fallback: tuple[str, ...] = ()
    try:
        library, warnings = load_library(questionnaire_dirs, questionnaire_paths)
    except InputError as error:
        # A broken questionnaire (given here or in a --questionnaires DIR) must not stop the other files being
        # checked: answers fall back to the questionnaires that load, and the run says so.
        problems.extend(error.problems)
        try:
            library, warnings = load_library(questionnaire_dirs)
        except InputError:
            library, warnings = load_library()
            fallback = ("answers files were checked against the bundled questionnaires only, as the others have "
                        "errors",)
    failed = {p.file for p in problems}
    warned = {w.file for w in warnings}
    checked: list[Checked] = []
    readings: list[Reading] = []
    docs_by_path = dict(docs)
    named: list[tuple[str, str]] = []  # (partnership, file) of every answers file and form row that passed
    dated: list[tuple[str, str, str]] = []  # (partnership, date, file) of the same
    for path in paths:
        if is_form_export(path):
            checked.extend(_form(path, library, strict, problems, warnings, named, dated, source, worksheet,
                                 readings if keep_readings else None))
            continue
        doc = docs_by_path.get(path)
        if doc is None:
            continue
        name = doc.name  # the path, or how standard input is named
        if is_questionnaire_data(doc.data):
            if name not in failed:
                found = [q.id for q in library.questionnaires.values() if q.path == name]
                checked.append(Checked(name, QUESTIONNAIRE, ", ".join(found) or "scales only", 0, name in warned))
            continue
        try:
            sheet = check_answers(doc, library)
        except InputError as error:
            problems.extend(error.problems)
            continue
        answered = sum(len(a) for a in sheet.answers.values())
        unfilled = [what for what, given in (("no partnership", sheet.partnership), ("no date", sheet.date),
                                             ("no answers", answered)) if not given] if not answered else []
        if unfilled:
            # A blank file from `template` is valid YAML but not yet a health check: say so (a warning).
            warnings.append(Problem(name, f"has {', '.join(unfilled)} yet; fill them in before scoring",
                                    severity="warning"))
        else:
            named.append((sheet.partnership, name))
            dated.append((sheet.partnership, sheet.date, name))
        checked.append(Checked(name, ANSWERS, f"{_plural(len(sheet.answers), 'section')}, {answered} answered",
                               0, bool(unfilled)))
    warnings.extend(_naming_warnings(named))
    if review is not None:
        warnings.extend(review(dated))
    if strict:
        problems.extend(warnings)
        warnings = []
    return Validation(tuple(checked), tuple(problems), tuple(warnings), tuple(library.notices) + fallback, len(paths),
                      tuple(readings))


def _naming_warnings(named: list[tuple[str, str]]) -> list[Problem]:
    """As scoring warns (load/identity.py): answers naming no partnership, once; near-duplicate names, each pair."""
    from lsp_check.load.identity import near_duplicate_warnings, unnamed_warning

    unnamed = [file for name, file in named if not name]
    found = [unnamed_warning(unnamed[0], len(unnamed))] if unnamed else []
    return found + near_duplicate_warnings((name, file) for name, file in named if name)


def _form(path: str, library: Library, strict: bool, problems: list[Problem], warnings: list[Problem],
          named: list[tuple[str, str]], dated: list[tuple[str, str, str]], source: str | None, sheet: str | None,
          readings: list[Reading] | None) -> list[Checked]:
    from lsp_check.load.forms import read_export

    try:
        reading = read_export(Path(path), library, strict=strict, source=source, sheet=sheet)
    except InputError as error:
        problems.extend(p for p in error.problems if p.severity != "warning")
        warnings.extend(p for p in error.problems if p.severity == "warning")
        return []
    if readings is not None:
        readings.append(reading)
    found = [p for p in reading.problems if p.severity == "warning"]
    warnings.extend(found)
    if reading.errors:
        problems.extend(reading.errors)
        return []
    sheets = reading.sheets
    named.extend((sheet_read.partnership, sheet_read.path) for sheet_read in sheets)
    dated.extend((sheet_read.partnership, sheet_read.date, sheet_read.path) for sheet_read in sheets)
    sections = len({sid for sheet_read in sheets for sid in sheet_read.answers})
    detail = f"{_plural(len(sheets), 'response')}, {_plural(sections, 'section')}"
    return [Checked(path, FORM, detail, len(sheets), bool(found))]
