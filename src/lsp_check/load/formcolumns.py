"""Which question each column of a form export answers: a question, an option of one, its "other" answer, a
respondent's detail, or nothing, by the column's heading as its layout reads it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from lsp_check import questionnaire
from lsp_check.load.cells import column_name, fold
from lsp_check.load.layouts import IGNORED, WHOLE, Heading, Layout
from lsp_check.load.limits import shorten
from lsp_check.load.sectors import info_role
from lsp_check.load.ticked import find_choice
from lsp_check.matching import did_you_mean
from lsp_check.problems import Problem
from lsp_check.questionnaire import Question, Section

UNMATCHED = "unmatched"  # a heading that names no question and nothing else lsp-check knows
EMPTY = "empty"  # no heading and no answers

Key = tuple[str, str]  # (section id, question id)

_GRID = re.compile(r"^(?P<title>.*?)\s*\[(?P<item>[^\[\]]+)\]\s*$", re.DOTALL)  # "Title [statement]"
_NUMBERED = re.compile(r"^\s*\d+\s*[.)]\s+")  # Microsoft: "3. Question text"
_ABBREVIATED = re.compile(r"\s*\.\.\s*$")  # LimeSurvey's abbreviated headings: "Partners can de.. "
_ABBREVIATED_PART = re.compile(r"\.\.\s*(?:\]|$)")  # an abbreviated part anywhere: "Title [Partners can de.. ]"
_POSITION = re.compile(r"^(?:sq|a|o|q)?0*(\d{1,3})$", re.IGNORECASE)  # LimeSurvey's SQ001, A1: by position


class Column(NamedTuple):
    """One column of the export: a tool's own column (a role), or what it answers."""

    number: int  # 1-based
    header: str
    role: str = ""  # what a tool's own column gives (date, name...), IGNORED, UNMATCHED or EMPTY; "" if it answers
    section: str = ""
    question: Question | None = None
    option: str = ""  # an option of a multiple-choice question, ticked where the cell is not empty
    other: bool = False  # the "other" answer of a multiple-choice question
    by_order: bool = False  # an abbreviated heading that several questions begin with, taken in their order


class Index:
    """Questions by folded id, 'section.question' id and text; sections by folded id and title."""

    def __init__(self, sections: Sequence[Section]) -> None:
        self.questions: dict[str, dict[Key, Question]] = {}
        self.by_text: dict[str, dict[Key, Question]] = {}
        self.scopes: dict[str, set[str]] = {}
        self.order: dict[Key, int] = {}
        self.texts = [q.text for s in sections for q in s.questions]
        for section in sections:
            for scope in (section.id, section.title):
                self.scopes.setdefault(fold(scope), set()).add(section.id)
            for question in section.questions:
                key = (section.id, question.id)
                self.order[key] = len(self.order)
                self.by_text.setdefault(fold(question.text), {})[key] = question
                for text in (f"{section.id}.{question.id}", question.id, question.text):
                    self.questions.setdefault(fold(text), {})[key] = question

    def find(self, header: str) -> dict[Key, Question]:
        """Every question a heading could mean: plain, as a grid 'Title [statement]', 'Title.statement' or numbered,
        or abbreviated (its beginning, then '..'), in the questionnaires' order."""
        stripped = _NUMBERED.sub("", header)
        for text in dict.fromkeys((header, stripped)):
            found = self.lookup(text)
            if found:
                return found
            grid = _GRID.match(text)
            if grid:
                found = self._scoped(grid.group("title"), grid.group("item"), required=False)
                if found:
                    return found
            if "." in text and not _ABBREVIATED.search(text):
                title, _, item = text.partition(".")
                found = self._scoped(title, item, required=True)
                if found:
                    return found
        return {}

    def lookup(self, text: str) -> dict[Key, Question]:
        """The questions a text names whole (by id or text), or begins (an abbreviated heading)."""
        if _ABBREVIATED.search(text):
            start = fold(_ABBREVIATED.sub("", text))
            found = {k: q for t, qs in self.by_text.items() if start and t.startswith(start) for k, q in qs.items()}
            return dict(sorted(found.items(), key=lambda kq: self.order[kq[0]]))
        return self.questions.get(fold(text), {})

    def _scoped(self, title: str, item: str, *, required: bool) -> dict[Key, Question]:
        found = self.lookup(item)
        if _ABBREVIATED.search(title):
            start = fold(_ABBREVIATED.sub("", title))
            scope: set[str] | None = {s for t, ids in self.scopes.items() if start and t.startswith(start) for s in ids}
        else:
            scope = self.scopes.get(fold(title))
        if not scope:
            return {} if required else found
        within = {k: q for k, q in found.items() if k[0] in scope}
        return within or ({} if required else found)

    def choice_question(self, text: str) -> tuple[Key, Question] | None:
        """The one multiple-choice question (a list question with options) a text names, if there is one."""
        found = [(k, q) for k, q in self.find(text).items() if q.kind == questionnaire.LIST and q.choices]
        return found[0] if len(found) == 1 else None

    def suggestion(self, header: str) -> str:
        """A did-you-mean hint over question texts."""
        grid = _GRID.match(header)
        word = grid.group("item") if grid else _NUMBERED.sub("", header)
        return did_you_mean(word, self.texts)


def choice_for(item: str, choices: tuple[str, ...]) -> str | None:
    """The option a heading names: as written, ignoring punctuation, by its beginning, or by position (SQ002)."""
    found = find_choice(item, choices) or next((c for c in choices if fold(c) == fold(item) and fold(item)), None)
    if found:
        return found
    if _ABBREVIATED.search(item):
        start = fold(_ABBREVIATED.sub("", item))
        begun = [c for c in choices if start and fold(c).startswith(start)]
        if len(begun) == 1:
            return begun[0]
    position = _POSITION.match(item.strip())
    if position and 1 <= int(position.group(1)) <= len(choices):
        return choices[int(position.group(1)) - 1]
    return None


def is_other(text: str) -> bool:
    """Whether a heading or a ticked item is a tool's "Other (please specify)"."""
    return fold(_ABBREVIATED.sub("", text)).startswith("other")


class _Meaning(NamedTuple):
    found: dict[Key, Question]
    option: str = ""
    other: bool = False
    role: str = ""


def _pairs(heading: Heading, layout: Layout) -> list[tuple[str, str]]:
    """The ways a heading splits into a question and what stands under it."""
    if heading.item:
        return [(heading.question, heading.item)]
    text = heading.question
    pairs = [(text, "")]
    if layout.separator:
        at = text.find(layout.separator)
        while at > 0:
            pairs.append((text[:at], text[at + len(layout.separator):]))
            at = text.find(layout.separator, at + 1)
    grid = _GRID.match(text)
    if grid:
        pairs.append((grid.group("title"), grid.group("item")))
    return pairs


def _meaning(heading: Heading, index: Index, layout: Layout) -> _Meaning:
    pairs = _pairs(heading, layout)
    for question, item in pairs:
        whole = fold(item) in WHOLE
        found = index.find(question if whole else f"{question} [{item}]")
        if found:
            return _Meaning(found)
    for question, item in pairs:
        if fold(item) in WHOLE:
            continue
        target = index.choice_question(question)
        if target is None:
            continue
        option = choice_for(item, target[1].choices)
        if option is not None or is_other(item):
            return _Meaning(dict([target]), option or "", option is None)
    for question, item in pairs:
        if fold(item) in WHOLE or is_other(item):
            role = info_role(question)
            if role:
                return _Meaning({}, role=role)
    return _Meaning({})


def map_columns(name: str, row: int, headings: Sequence[Heading], layout: Layout, body: list[tuple[int, list[str]]],
                sections: Sequence[Section], problems: list[Problem], unmatched: list[Problem]) -> list[Column]:
    """Every column's meaning, in column order; headings that could be more than one question, or answer one
    question twice, are problems; headings that match nothing are ``unmatched`` (a warning, or errors with
    --strict)."""
    index = Index(sections)
    columns: list[Column] = []
    pending: list[tuple[Column, dict[Key, Question], bool]] = []
    for heading in headings:
        where = f"column {column_name(heading.number)}"
        if heading.role:
            columns.append(Column(heading.number, heading.text, heading.role))
            continue
        if not heading.text:
            if any(len(cells) >= heading.number and cells[heading.number - 1].strip() for _, cells in body):
                problems.append(Problem(name, f"{where} has no heading but holds answers; head it with a question's "
                                        "text or id", row, heading.number))
            columns.append(Column(heading.number, "", EMPTY))
            continue
        meaning = _meaning(heading, index, layout)
        if not meaning.found and heading.other_of:
            owner = next((c for c, _, _ in pending if c.number == heading.other_of and c.question is not None), None)
            if owner is not None and owner.question is not None and owner.question.choices:
                meaning = _Meaning({(owner.section, owner.question.id): owner.question}, other=True)
        if meaning.role:
            columns.append(Column(heading.number, heading.text, meaning.role))
        elif not meaning.found:
            unmatched.append(Problem(name, f"{where} matches no question{index.suggestion(heading.text)}; head it "
                                     "with a question's text or id (section.question), or delete the column",
                                     row, heading.number, shorten(heading.text)))
            columns.append(Column(heading.number, heading.text, UNMATCHED))
        else:
            column = Column(heading.number, heading.text, option=meaning.option, other=meaning.other)
            key, question = next(iter(meaning.found.items()))
            if len(meaning.found) == 1:
                column = column._replace(section=key[0], question=question)
            pending.append((column, meaning.found, bool(_ABBREVIATED_PART.search(heading.text))))
    columns.extend(_settle(name, row, pending, index, problems))
    return sorted(columns, key=lambda c: c.number)


def _settle(name: str, row: int, pending: list[tuple[Column, dict[Key, Question], bool]], index: Index,
            problems: list[Problem]) -> list[Column]:
    """Give each column whose heading could mean several questions one of them, or say it cannot."""
    used = {next(iter(found))[0] for _, found, _ in pending if len(found) == 1}
    seen: dict[tuple[str, str, str], str] = {}
    # Headings that name one question take it first; abbreviated ones that begin several take, in column order,
    # the first of those questions (in the questionnaire's order) that no other column answers.
    taken = {(c.section, c.question.id, c.option) for c, found, _ in pending if len(found) == 1 and c.question}
    settled: list[Column] = []
    for column, found, abbreviated in pending:
        letter = column_name(column.number)
        if len(found) > 1 and len({sid for sid, _ in found} & used) == 1:
            # An id shared by several sections means the one the form's other columns answer, if only one does.
            found = {key: q for key, q in found.items() if key[0] in used}
        if len(found) > 1 and abbreviated:
            free = [(k, q) for k, q in found.items() if (k[0], k[1], column.option) not in taken]
            if free:
                (key, question) = free[0]
                taken.add((key[0], key[1], column.option))
                found = {key: question}
                column = column._replace(by_order=True)
        if len(found) > 1:
            choices = ", ".join(f"{sid}.{qid}" for sid, qid in found)
            problems.append(Problem(name, f"column {letter} could be any of: {choices}; head it with one of these ids",
                                    row, column.number, shorten(column.header)))
            continue
        (key, question), = found.items()
        mark = (key[0], key[1], column.option if column.option else "other" if column.other else "")
        if mark in seen and not column.other:
            what = f"option '{shorten(column.option)}' of " if column.option else ""
            problems.append(Problem(name, f"column {letter} answers the same {what}question ({key[0]}.{key[1]}) as "
                                    f"column {seen[mark]}", row, column.number, shorten(column.header)))
            continue
        seen[mark] = letter
        settled.append(column._replace(section=key[0], question=question))
    return settled


def unmatched_warning(unmatched: list[Problem], shown: int = 3) -> Problem:
    """One warning for the columns that match no question: the first few by letter and heading, then a count."""
    count = len(unmatched)
    names = [f"{column_name(p.column or 0)} '{shorten(' '.join(p.path.split()))}'" for p in unmatched[:shown]]
    if count > shown:
        names.append(f"and {count - shown} more")
    first = unmatched[0]
    return Problem(first.file, f"{count} column{'s' if count != 1 else ''} {'match' if count != 1 else 'matches'} "
                   f"no question and {'are' if count != 1 else 'is'} left out: {', '.join(names)} (--strict "
                   "refuses them; head a column with a question's text or id to score it)",
                   first.line, first.column, severity="warning")


__all__ = ["EMPTY", "IGNORED", "UNMATCHED", "Column", "Index", "map_columns", "unmatched_warning"]
