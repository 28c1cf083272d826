"""Read survey tools' exports (CSV or Excel workbook) into one answer sheet per respondent, by their layout.

The file's rows are read (load.workbook for a workbook), its layout is told from its heading rows
(load.layouts), each column is given its meaning (load.formcolumns), then each respondent's row is read.
``read_export`` returns all of it, problems included, so that ``--explain`` can say how the file was read
even when it cannot be imported; ``read_responses`` returns the answer sheets or raises every problem.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import NamedTuple

from lsp_check import questionnaire
from lsp_check.load.cells import cell_name, column_name, fold
from lsp_check.load.formcolumns import EMPTY, IGNORED, UNMATCHED, Column, is_other, map_columns, unmatched_warning
from lsp_check.load.formdates import DateColumn
from lsp_check.load.layouts import Layout, read_table
from lsp_check.load.limits import (
    MAX_COLUMNS_SHOWN,
    MAX_CSV_BYTES,
    MAX_CSV_COLUMNS,
    MAX_CSV_ROWS,
    MAX_PROBLEMS_SHOWN,
    shorten,
)
from lsp_check.load.sectors import normalise_sector
from lsp_check.load.ticked import split_ticked
from lsp_check.matching import did_you_mean, suggest
from lsp_check.problems import ROW, InputError, Problem, fail
from lsp_check.questionnaire import Answer, AnswerSheet, AnswerValue, Library, Option, Question, Scale, Section

__all__ = ["EMPTY", "IGNORED", "UNMATCHED", "Column", "Reading", "Unmapped", "cell_name", "column_name", "fold",
           "read_export", "read_responses", "read_rows"]

EXPECTED = "a form export (CSV, or an Excel workbook)"
DELIMITERS = ",;\t"
WORKBOOK = "Excel workbook"

DATE_ROLES = ("date", "completion", "timestamp", "start")
RESPONDENT_ROLES = ("respondent", "name", "email")
ANONYMOUS = {"", "anonymous"}
# What an option's own column holds where the option was not ticked (LimeSurvey writes No, N or nothing).
NOT_TICKED = {"", "no", "n", "0", "false", "na", "notselected", "notchecked"}
# Cells that are answer codes rather than answers' text, in the layouts that can export codes.
_CODE = re.compile(r"^(?:A?\d{1,3}|\d{1,3}(?:\s*,\s*\d{1,3})+)$", re.IGNORECASE)
_LINES = re.compile(r"\s*[\r\n]+\s*")
_SEMICOLONS = re.compile(r"\s*;\s*")


class Unmapped(NamedTuple):
    """A cell that could not be read as an answer: where, what it holds, and the nearest option (or '')."""

    row: int
    column: int
    value: str
    nearest: str
    code: bool = False  # an answer code: ``nearest`` is the option with that number


class Reading(NamedTuple):
    """How a form export was read: its layout, each column's meaning, the cells not read, the answer sheets
    and every problem (warnings among them)."""

    file: str
    kind: str  # "CSV" or "Excel workbook"
    sheet: str  # the worksheet read, for a workbook
    layout: Layout
    detected: bool  # False when --source named the layout
    heading_rows: tuple[int, ...]
    columns: tuple[Column, ...]
    unmapped: tuple[Unmapped, ...]
    sheets: tuple[AnswerSheet, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop the file being read (not the warnings)."""
        return [p for p in self.problems if p.severity == "error"]


def read_responses(
    path: Path,
    library: Library,
    *,
    partnership: str | None = None,
    sections: tuple[str, ...] | None = None,
    strict: bool = False,
    warnings: list[Problem] | None = None,
    source: str | None = None,
    sheet: str | None = None,
) -> list[AnswerSheet]:
    """Read a form export: one answer sheet per respondent row.

    Columns that match no question are left out with one warning (added to ``warnings``), or with
    ``strict`` are errors. Raises InputError listing every error and every unrecognised answer, by row
    and column.
    """
    reading = read_export(path, library, partnership=partnership, sections=sections, strict=strict, source=source,
                          sheet=sheet)
    if reading.errors:
        raise InputError(reading.problems)
    if warnings is not None:
        warnings.extend(reading.problems)
    return list(reading.sheets)


def read_export(
    path: Path,
    library: Library,
    *,
    partnership: str | None = None,
    sections: tuple[str, ...] | None = None,
    strict: bool = False,
    source: str | None = None,
    sheet: str | None = None,
) -> Reading:
    """Read a form export as far as it can be read, keeping every problem in the Reading.

    Raises InputError only for a file whose rows cannot be read at all or whose layout cannot be told.
    """
    name = str(path)
    allowed = _allowed_sections(library, sections, name)
    rows, kind, sheet_name, found = _read_rows(path, name, sheet)
    rows = [r for r in rows if any(c.strip() for c in r[1])]
    if not rows:
        raise fail(name, "is empty; expected a header row of question texts, then one row per respondent")
    table = read_table(rows, name, source)
    body = table.body
    row = table.heading_rows[-1]
    problems: list[Problem] = list(found)
    unmatched: list[Problem] = []
    columns = map_columns(name, table.heading_rows[0], table.headings, table.layout, body, allowed, problems,
                          unmatched)
    if strict:
        problems.extend(unmatched[:MAX_COLUMNS_SHOWN])
        more = [p.column or 0 for p in unmatched[MAX_COLUMNS_SHOWN:]]
        if more:
            problems.append(Problem(name, f"and {len(more):,} more columns match no question (columns "
                                    f"{column_name(more[0])} to {column_name(more[-1])})", row, more[0]))
    elif unmatched:
        problems.append(unmatched_warning(unmatched))
    if not any(c.question for c in columns) and not any(p.severity == "error" for p in problems):
        problems.append(_no_questions(name, table.heading_rows[0], rows[0][1], library))
    if not body and not any(p.severity == "error" for p in problems):
        problems.append(Problem(name, "has a header row but no responses", row))
    dates = {c.number: DateColumn([r[1][c.number - 1] for r in body if len(r[1]) >= c.number], table.layout.dates)
             for c in columns if c.role in DATE_ROLES}
    order = {s.id: [q.id for q in s.questions] for s in allowed}
    reader = _RowReader(name, columns, dates, order, partnership or "", len(table.headings), table.layout, problems)
    sheets = [reader.sheet(number, cells) for number, cells in body]
    problems.extend(reader.code_problem())
    return Reading(name, kind, sheet_name, table.layout, table.detected, table.heading_rows, tuple(columns),
                   tuple(reader.unmapped), tuple(sheets),
                   tuple(sorted(problems, key=lambda p: (p.line or 0, p.column or 0))))


def _read_rows(path: Path, name: str, sheet: str | None) -> tuple[list[tuple[int, list[str]]], str, str, list[Problem]]:
    """The file's rows: a workbook's sheet (by its bytes, whatever its name), or CSV text."""
    from lsp_check.load.filekinds import binary_kind
    from lsp_check.load.source import read_bytes
    from lsp_check.load.yamlfile import check_lines, decode

    raw = read_bytes(str(path), name, MAX_CSV_BYTES)
    if binary_kind(raw) or str(path).lower().endswith(".xlsx"):
        from lsp_check.load.workbook import read_workbook  # zipfile and openpyxl: only for a workbook

        book = read_workbook(raw, name, sheet)
        return book.rows, WORKBOOK, book.name, book.problems
    text = decode(raw, name, expected=EXPECTED)
    check_lines(text, name)
    return read_rows(text, name), "CSV", "", []


def read_rows(text: str, name: str) -> list[tuple[int, list[str]]]:
    """Split CSV text into (1-based row number, cells), detecting the delimiter; Excel's 'sep=' line is honoured."""
    first = 1
    found = re.match(r"sep=(.)\r?\n", text)
    if found:
        delimiter, text, first = found.group(1), text[found.end():], 2
    else:
        delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    number = first - 1
    try:
        for number, cells in enumerate(reader, start=first):
            if len(cells) > MAX_CSV_COLUMNS:
                raise fail(name, f"row {number} has {len(cells):,} columns; a form export may have at most "
                                 f"{MAX_CSV_COLUMNS:,}", number, MAX_CSV_COLUMNS + 1)
            if len(rows) >= MAX_CSV_ROWS:
                raise fail(name, f"has more than {MAX_CSV_ROWS:,} rows; a form export may have at most "
                                 f"{MAX_CSV_ROWS:,} (split the responses into several files)", number)
            rows.append((number, cells))
    except csv.Error as exc:
        raise fail(name, f"is not readable as CSV: {exc}", number + 1) from None
    return rows


def _delimiter(text: str) -> str:
    sample = text[:16384]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ","
    # The sniffer weighs every line alike; the heading row settles a doubtful guess, since headings are rarely
    # split by their own delimiter (but a semicolon export leaves the commas in its headings unquoted).
    widths = {d: len(next(csv.reader(io.StringIO(sample, newline=""), delimiter=d), [])) for d in DELIMITERS}
    widest = max(widths.values())
    return sniffed if widths[sniffed] == widest else next(d for d in DELIMITERS if widths[d] == widest)


def _allowed_sections(library: Library, ids: tuple[str, ...] | None, name: str) -> tuple[Section, ...]:
    if ids is None:
        return tuple(library.sections.values())
    found = library.expand(ids)
    if found is None:
        known = list(library.questionnaires) + [s for s in library.sections if s not in library.questionnaires]
        unknown = [i for i in ids if i not in known]
        raise InputError([Problem(name, f"unknown questionnaire or section '{shorten(u)}'{did_you_mean(u, known)}")
                          for u in unknown])
    return found


def _no_questions(name: str, row: int, headings: list[str], library: Library) -> Problem:
    """No column answers a question: say so, or that the first row holds answers (its heading row is missing)."""
    labels = {fold(o.label) for s in library.scales.values() for o in s.options}
    given = [c.strip() for c in headings if c.strip()]
    answers = [c for c in given if fold(c) in labels or DateColumn([c]).iso(c)]
    if given and len(answers) * 2 >= len(given):
        shown = ", ".join(f"'{shorten(c, 30)}'" for c in answers[:3])
        return Problem(name, f"row {row} holds answers ({shown}), not headings: the heading row is missing (export "
                             "the responses again with the questions as headings)", row)
    return Problem(name, "has no question columns; expected columns headed by question texts or ids (questions "
                         "of your own? give --questionnaires DIR)", row)


class _RowReader:
    """Reads respondents' rows into answer sheets, collecting problems and the cells it could not read."""

    def __init__(self, name: str, columns: list[Column], dates: dict[int, DateColumn], order: dict[str, list[str]],
                 partnership: str, width: int, layout: Layout, problems: list[Problem]) -> None:
        self.name, self.columns, self.dates, self.order = name, columns, dates, order
        self.partnership, self.width, self.layout, self.problems = partnership, width, layout, problems
        self.unmapped: list[Unmapped] = []
        self.codes: list[tuple[int, int, str]] = []
        # Multiple-choice questions whose "other" answer has a column of its own: their cells' "Other" is a marker.
        self.own_other = {(c.section, c.question.id) for c in columns if c.other and c.question is not None}

    def sheet(self, row: int, cells: list[str]) -> AnswerSheet:
        """One respondent's answer sheet; problems are collected, never raised."""
        extra = [i for i, cell in enumerate(cells[self.width:], start=self.width + 1) if cell.strip()]
        if extra:
            self.problems.append(Problem(self.name, f"cell {cell_name(row, extra[0])}: row {row} has answers beyond "
                                         f"the last heading (column {column_name(self.width)})", row, extra[0]))
        meta: dict[str, str] = {}
        answers: dict[str, dict[str, Answer]] = {}
        ticked: dict[tuple[str, str], tuple[set[str], list[str]]] = {}
        for column in self.columns:
            cell = cells[column.number - 1].strip() if column.number <= len(cells) else ""
            if column.question is None:
                self._meta(row, column, cell, meta)
                continue
            section = answers.setdefault(column.section, {})
            question = column.question
            if question.kind == questionnaire.LIST and question.choices:
                self._tick(row, column, cell, ticked.setdefault((column.section, question.id), (set(), [])))
                continue
            if not cell:
                continue
            value, error = self._value(row, column, cell)
            if error:
                self.problems.append(Problem(self.name, f"cell {cell_name(row, column.number)}: {error}", row,
                                             column.number, shorten(column.header)))
            elif value:
                section[question.id] = Answer(question.id, value)
        for (sid, qid), (options, others) in ticked.items():
            question = next(c.question for c in self.columns if c.section == sid and c.question and c.question.id == qid)
            items = tuple(c for c in question.choices if c in options) + tuple(others)
            if items:
                answers[sid][qid] = Answer(qid, items)
        date = next((meta[r] for r in DATE_ROLES if r in meta), "")
        if "name" not in meta and ("firstname" in meta or "lastname" in meta):
            meta["name"] = " ".join(meta[r] for r in ("firstname", "lastname") if meta.get(r))
        respondent = next((meta[r] for r in RESPONDENT_ROLES if meta.get(r, "").casefold() not in ANONYMOUS), "")
        # Sections in the form's order; questions in the questionnaire's, as answers files list them.
        ordered = {sid: {q: given[q] for q in self.order[sid] if q in given} for sid, given in answers.items()}
        return AnswerSheet(f"{self.name}{ROW}{row}", meta.get("partnership", self.partnership), date, ordered,
                           respondent, sector=normalise_sector(meta.get("sector", "")),
                           organisation=" ".join(meta.get("organisation", "").split()))

    def _meta(self, row: int, column: Column, cell: str, meta: dict[str, str]) -> None:
        if column.role in DATE_ROLES and cell:
            iso = self.dates[column.number].iso(cell)
            if iso is None:
                self.problems.append(Problem(self.name, f"cell {cell_name(row, column.number)}: '{_short(cell)}' is not "
                                             "a date; expected a date such as 2006-02-24 or 24/02/2006 10:15", row,
                                             column.number, shorten(column.header)))
            cell = iso or ""
        if cell and column.role not in meta and column.role not in (IGNORED, UNMATCHED, EMPTY):
            meta[column.role] = cell

    def _tick(self, row: int, column: Column, cell: str, found: tuple[set[str], list[str]]) -> None:
        """Add what one cell ticks to a multiple-choice question's options and other answers."""
        options, others = found
        if not cell:
            return
        if column.option:
            if fold(cell) not in NOT_TICKED:
                options.add(column.option)
            return
        if column.other:
            others.append(cell.replace("\r\n", "\n").replace("\r", "\n"))
            return
        assert column.question is not None
        split = split_ticked(cell, column.question.choices)
        if self.layout.codes and not split.options and all(_CODE.match(o) for o in split.others):
            self.codes.append((row, column.number, cell))
            self.unmapped.append(Unmapped(row, column.number, cell, "", code=True))
            return
        options.update(split.options)
        own = (column.section, column.question.id) in self.own_other
        others.extend(o for o in split.others if not (own and is_other(o)))

    def _value(self, row: int, column: Column, cell: str) -> tuple[AnswerValue | None, str]:
        assert column.question is not None
        value, error = _value(column.question, cell, hint=len(self.problems) < MAX_PROBLEMS_SHOWN)
        if error and column.question.scale is not None:
            labels = [o.label for o in column.question.scale.options]
            if self.layout.codes and _CODE.match(cell):
                # An answer code is the option's number on the tool's list: say which option that would be.
                self.codes.append((row, column.number, cell))
                number = int(re.sub(r"\D", "", cell) or 0)
                self.unmapped.append(Unmapped(row, column.number, cell, labels[number - 1]
                                              if 1 <= number <= len(labels) else "", code=True))
                return None, ""
            self.unmapped.append(Unmapped(row, column.number, cell, suggest(cell, labels) or ""))
        return value, error

    def code_problem(self) -> list[Problem]:
        """One problem for every cell that holds an answer code: where the first is, how many, and what to do."""
        if not self.codes:
            return []
        row, number, cell = self.codes[0]
        more = f" and {len(self.codes) - 1:,} more cells" if len(self.codes) > 1 else ""
        return [Problem(self.name, f"cell {cell_name(row, number)}: '{_short(cell)}'{more} hold answer codes, not the "
                        f"answers' text; {self.layout.codes}", row, number)]


def _value(question: Question, cell: str, hint: bool = True) -> tuple[AnswerValue | None, str]:
    """The answer a non-empty cell gives, or what is wrong with it."""
    if question.kind == questionnaire.TEXT:
        return cell.replace("\r\n", "\n").replace("\r", "\n"), ""
    if question.kind == questionnaire.LIST:
        # One item a line; a one-line cell splits at semicolons, as Microsoft Forms joins ticked choices.
        items = (_LINES if "\n" in cell or "\r" in cell else _SEMICOLONS).split(cell)
        return tuple(item for item in items if item) or None, ""
    assert question.scale is not None
    option = find_option(question.scale, cell)
    if option is not None:
        return option, ""
    labels = [o.label for o in question.scale.options]
    return None, (f"'{_short(cell)}' is not an answer on the '{question.scale.name}' scale"
                  f"{did_you_mean(cell, labels) if hint else ''}; expected one of: {', '.join(labels)}")


def find_option(scale: Scale, text: str) -> Option | None:
    """The option a cell names: as answers files allow, or ignoring punctuation as well."""
    option = scale.find(text)
    if option is not None:
        return option
    folded = fold(text)
    return next((o for o in scale.options if folded and folded in (fold(o.label), fold(o.id))), None)


def _short(text: str) -> str:
    return shorten(" ".join(text.split()))
