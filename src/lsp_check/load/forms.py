"""Read online-form exports (Google Forms, Microsoft Forms, Excel CSV) into one answer sheet per respondent."""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

from lsp_check import questionnaire
from lsp_check.load.formdates import DateColumn
from lsp_check.load.limits import (
    MAX_COLUMNS_SHOWN,
    MAX_CSV_BYTES,
    MAX_CSV_COLUMNS,
    MAX_CSV_ROWS,
    MAX_PROBLEMS_SHOWN,
    shorten,
)
from lsp_check.load.sectors import info_role, normalise_sector
from lsp_check.load.yamlfile import read_text
from lsp_check.matching import did_you_mean, normalise
from lsp_check.problems import InputError, Problem, fail
from lsp_check.questionnaire import Answer, AnswerSheet, AnswerValue, Library, Option, Question, Scale, Section

EXPECTED = "a CSV file exported from an online form"
DELIMITERS = ",;\t"

# Columns the form tools add around the questions, by their folded heading, and what each gives.
METADATA = {
    "timestamp": "timestamp",  # Google Forms
    "id": "",  # Microsoft Forms: the response number
    "starttime": "start",
    "completiontime": "completion",
    "lastmodifiedtime": "",
    "email": "email",
    "emailaddress": "email",  # Google Forms, when it collects addresses
    "name": "name",
    "score": "",  # quiz columns
    "totalpoints": "",
    "quizfeedback": "",
    "partnership": "partnership",  # optional columns any form may add
    "date": "date",
    "respondent": "respondent",
}
DATE_ROLES = ("date", "completion", "timestamp", "start")
RESPONDENT_ROLES = ("respondent", "name", "email")
ANONYMOUS = {"", "anonymous"}

_GRID = re.compile(r"^(?P<title>.*?)\s*\[(?P<item>[^\[\]]+)\]\s*$", re.DOTALL)  # Google: "Title [statement]"
_NUMBERED = re.compile(r"^\s*\d+\s*[.)]\s+")  # Microsoft: "3. Question text"
_LINES = re.compile(r"\s*[\r\n]+\s*")
_SEMICOLONS = re.compile(r"\s*;\s*")


@functools.lru_cache(maxsize=4096)  # option labels are folded again for every cell that names no option exactly
def fold(text: str) -> str:
    """Letters and digits only, case-folded: headings match whatever their case, spacing and punctuation."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", normalise(text)) if ch.isalnum())


def column_name(column: int) -> str:
    """A spreadsheet column's letters, such as E or AA, for a 1-based column number."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    """A spreadsheet cell reference, such as E3, for a 1-based row and column."""
    return f"{column_name(column)}{row}"


class Column(NamedTuple):
    """One column of the export: metadata (a role) or the answers to one question."""

    number: int  # 1-based
    header: str
    role: str = ""
    section: str = ""
    question: Question | None = None


def read_responses(
    path: Path,
    library: Library,
    *,
    partnership: str | None = None,
    sections: tuple[str, ...] | None = None,
    strict: bool = False,
    warnings: list[Problem] | None = None,
) -> list[AnswerSheet]:
    """Read a CSV export of form responses: one answer sheet per respondent row.

    Columns that match no question are left out with one warning (added to ``warnings``), or with
    ``strict`` are errors. Raises InputError listing every error and every unrecognised answer, by row
    and column.
    """
    name = str(path)
    allowed = _allowed_sections(library, sections, name)
    text = read_text(path, name, expected=EXPECTED, max_bytes=MAX_CSV_BYTES)
    rows = [r for r in read_rows(text, name) if any(c.strip() for c in r[1])]
    if not rows:
        raise fail(name, "is empty; expected a header row of question texts, then one row per respondent")
    (header_number, header), body = rows[0], rows[1:]
    problems: list[Problem] = []
    unmatched: list[Problem] = []
    columns = _map_columns(name, header_number, header, body, allowed, problems, unmatched)
    if strict:
        problems.extend(unmatched[:MAX_COLUMNS_SHOWN])
        more = [p.column or 0 for p in unmatched[MAX_COLUMNS_SHOWN:]]
        if more:
            problems.append(Problem(name, f"and {len(more):,} more columns match no question (columns "
                                    f"{column_name(more[0])} to {column_name(more[-1])})", header_number, more[0]))
    notes = [unmatched_warning(unmatched)] if unmatched and not strict else []
    if not any(c.question for c in columns) and not problems:
        problems.append(Problem(name, "has no question columns; expected columns headed by question texts or "
                                "ids (questions of your own? give --questionnaires DIR)",
                                header_number))
    if not body and not problems:
        problems.append(Problem(name, "has a header row but no responses", header_number))
    dates = {c.number: DateColumn([r[1][c.number - 1] for r in body if len(r[1]) >= c.number])
             for c in columns if c.role in DATE_ROLES}
    order = {s.id: [q.id for q in s.questions] for s in allowed}
    sheets = [_sheet(name, number, cells, columns, dates, order, partnership or "", len(header), problems)
              for number, cells in body]
    if problems:
        raise InputError(sorted(problems + notes, key=lambda p: (p.line or 0, p.column or 0)))
    if warnings is not None:
        warnings.extend(notes)
    return sheets


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


class _Index:
    """Questions by folded id, 'section.question' id and text; sections by folded id and title."""

    def __init__(self, sections: tuple[Section, ...]) -> None:
        self.questions: dict[str, dict[tuple[str, str], Question]] = {}
        self.scopes: dict[str, set[str]] = {}
        self.texts = [q.text for s in sections for q in s.questions]
        for section in sections:
            for scope in (section.id, section.title):
                self.scopes.setdefault(fold(scope), set()).add(section.id)
            for question in section.questions:
                for text in (f"{section.id}.{question.id}", question.id, question.text):
                    self.questions.setdefault(fold(text), {})[(section.id, question.id)] = question

    def find(self, header: str) -> dict[tuple[str, str], Question]:
        """Every question a heading could mean: plain, as a grid 'Title [statement]', 'Title.statement' or numbered."""
        stripped = _NUMBERED.sub("", header)
        for text in dict.fromkeys((header, stripped)):
            found = self.questions.get(fold(text))
            if found:
                return found
            grid = _GRID.match(text)
            if grid:
                found = self._scoped(grid.group("title"), grid.group("item"), required=False)
                if found:
                    return found
            if "." in text:
                title, _, item = text.partition(".")
                found = self._scoped(title, item, required=True)
                if found:
                    return found
        return {}

    def _scoped(self, title: str, item: str, *, required: bool) -> dict[tuple[str, str], Question]:
        found = self.questions.get(fold(item), {})
        scope = self.scopes.get(fold(title))
        if scope is None:
            return {} if required else found
        within = {k: q for k, q in found.items() if k[0] in scope}
        return within or ({} if required else found)

    def suggestion(self, header: str) -> str:
        """A did-you-mean hint over question texts."""
        grid = _GRID.match(header)
        word = grid.group("item") if grid else _NUMBERED.sub("", header)
        return did_you_mean(word, self.texts)


def _map_columns(
    name: str,
    row: int,
    header: list[str],
    body: list[tuple[int, list[str]]],
    sections: tuple[Section, ...],
    problems: list[Problem],
    unmatched: list[Problem],
) -> list[Column]:
    index = _Index(sections)
    columns: list[Column] = []
    pending: list[tuple[Column, dict[tuple[str, str], Question]]] = []
    for number, raw in enumerate(header, start=1):
        text = raw.strip()
        where = f"column {column_name(number)}"
        if not text:
            if any(len(cells) >= number and cells[number - 1].strip() for _, cells in body):
                problems.append(Problem(name, f"{where} has no heading but holds answers; head it with a question's "
                                        "text or id", row, number))
            continue
        role = METADATA.get(fold(text))
        if role is not None:
            columns.append(Column(number, text, role or "ignored"))
            continue
        found = index.find(text)
        if not found and info_role(text):
            columns.append(Column(number, text, info_role(text)))
        elif not found:
            unmatched.append(Problem(name, f"{where} matches no question{index.suggestion(text)}; head it with a "
                                     "question's text or id (section.question), or delete the column",
                                     row, number, shorten(text)))
        else:
            pending.append((Column(number, text), found))
    used = {next(iter(found))[0] for _, found in pending if len(found) == 1}
    seen: dict[tuple[str, str], str] = {}
    for column, found in pending:
        letter = column_name(column.number)
        if len(found) > 1 and len({sid for sid, _ in found} & used) == 1:
            # An id shared by several sections means the one the form's other columns answer, if only one does.
            found = {key: q for key, q in found.items() if key[0] in used}
        if len(found) > 1:
            choices = ", ".join(f"{sid}.{qid}" for sid, qid in found)
            problems.append(Problem(name, f"column {letter} could be any of: {choices}; head it with one of these ids",
                                    row, column.number, shorten(column.header)))
            continue
        (key, question), = found.items()
        if key in seen:
            problems.append(Problem(name, f"column {letter} answers the same question ({key[0]}.{key[1]}) as "
                                    f"column {seen[key]}", row, column.number, shorten(column.header)))
            continue
        seen[key] = letter
        columns.append(column._replace(section=key[0], question=question))
    return sorted(columns, key=lambda c: c.number)


def unmatched_warning(unmatched: list[Problem], shown: int = 3) -> Problem:
    """One warning for the columns that match no question: the first few by letter and heading, then a count."""
    count = len(unmatched)
    names = [f"{column_name(p.column or 0)} '{_short(p.path)}'" for p in unmatched[:shown]]
    if count > shown:
        names.append(f"and {count - shown} more")
    first = unmatched[0]
    return Problem(first.file, f"{count} column{'s' if count != 1 else ''} {'match' if count != 1 else 'matches'} "
                   f"no question and {'are' if count != 1 else 'is'} left out: {', '.join(names)} (--strict "
                   "refuses them; head a column with a question's text or id to score it)",
                   first.line, first.column, severity="warning")


def _sheet(
    name: str,
    row: int,
    cells: list[str],
    columns: list[Column],
    dates: dict[int, DateColumn],
    order: dict[str, list[str]],
    partnership: str,
    width: int,
    problems: list[Problem],
) -> AnswerSheet:
    extra = [i for i, cell in enumerate(cells[width:], start=width + 1) if cell.strip()]
    if extra:
        problems.append(Problem(name, f"cell {cell_name(row, extra[0])}: row {row} has answers beyond the last "
                                f"heading (column {column_name(width)})", row, extra[0]))
    meta: dict[str, str] = {}
    answers: dict[str, dict[str, Answer]] = {}
    for column in columns:
        cell = cells[column.number - 1].strip() if column.number <= len(cells) else ""
        if column.question is None:
            if column.role in DATE_ROLES and cell:
                iso = dates[column.number].iso(cell)
                if iso is None:
                    problems.append(Problem(name, f"cell {cell_name(row, column.number)}: '{_short(cell)}' is not a "
                                            "date; expected a date such as 2006-02-24 or 24/02/2006 10:15",
                                            row, column.number, shorten(column.header)))
                cell = iso or ""
            if cell and column.role not in meta:
                meta[column.role] = cell
            continue
        section = answers.setdefault(column.section, {})
        if not cell:
            continue
        value, error = _value(column.question, cell, hint=len(problems) < MAX_PROBLEMS_SHOWN)
        if error:
            problems.append(Problem(name, f"cell {cell_name(row, column.number)}: {error}", row, column.number,
                                    shorten(column.header)))
        elif value:
            section[column.question.id] = Answer(column.question.id, value)
    date = next((meta[r] for r in DATE_ROLES if r in meta), "")
    respondent = next((meta[r] for r in RESPONDENT_ROLES if meta.get(r, "").casefold() not in ANONYMOUS), "")
    # Sections in the form's order; questions in the questionnaire's, as answers files list them.
    ordered = {sid: {q: given[q] for q in order[sid] if q in given} for sid, given in answers.items()}
    return AnswerSheet(f"{name}:row {row}", meta.get("partnership", partnership), date, ordered, respondent,
                       sector=normalise_sector(meta.get("sector", "")), organisation=" ".join(meta.get("organisation", "").split()))


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
