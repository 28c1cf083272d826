"""Load an answers file and check every answer against the questionnaires it names."""

from __future__ import annotations

import os
from typing import Any

from lsp_check import questionnaire
from lsp_check.load.limits import shorten
from lsp_check.load.shape import Checker, describe
from lsp_check.load.yamlfile import Document, load_file
from lsp_check.problems import InputError, KeyPath
from lsp_check.questionnaire import AgreedAction, Answer, AnswerSheet, Library, Question

ANSWERS_KEYS = ("partnership", "date", "respondent", "organisation", "sector", "answers", "agreed_actions")
ANSWER_KEYS = ("answer", "note")
AGREED_KEYS = ("action", "horizon", "owner", "due", "need")


def load_answers(path: str | os.PathLike[str], library: Library, name: str | None = None) -> AnswerSheet:
    """Read an answers file; raise InputError listing every problem in it, located."""
    try:
        return check_answers(load_file(path, name, marks=False), library)
    except InputError:
        # Read again, this time recording where everything is, so that each problem names its line.
        return check_answers(load_file(path, name), library)


def check_answers(doc: Document, library: Library) -> AnswerSheet:
    """Check a parsed answers document against the library and build the answer sheet."""
    checker = Checker(doc)
    data = doc.data
    if data is None:
        raise InputError([doc.problem((), "file is empty; expected a mapping with 'partnership', 'date' and 'answers'")])
    if isinstance(data, dict) and "answers" not in data:
        if {"sections", "scales"} & set(data):
            raise InputError([doc.problem((), "is a questionnaire file, not answers; score an answers file (start "
                                          "one with 'lsp-check template ID'), and give --questionnaires DIR to "
                                          "use questionnaires of your own")])
        if "schema_version" in data:
            raise InputError([doc.problem((), "is a report written by lsp-check, not an answers file; expected "
                                          "a mapping with 'partnership', 'date' and 'answers'")])
    if checker.mapping((), data, ANSWERS_KEYS, ("answers",), what="a mapping with 'partnership', 'date' and 'answers'") is None:
        raise InputError(checker.problems)
    partnership = checker.optional_text(("partnership",), data.get("partnership"), "the partnership's name")
    date = checker.optional_text(("date",), data.get("date"), "a date such as 2006-02-24")
    if date:
        from lsp_check.questionnaire import ISO_DATE, iso_date

        if iso_date(date) is None:
            checker.error(("date",), f"found '{shorten(date)}'; expected {ISO_DATE}")
    respondent = checker.optional_text(("respondent",), data.get("respondent"), "a respondent's name or role")
    organisation = checker.optional_text(("organisation",), data.get("organisation"), "the respondent's organisation")
    sector = checker.optional_text(("sector",), data.get("sector"), "the respondent's sector, e.g. council or health")
    if sector:
        from lsp_check.load.sectors import normalise_sector  # only files that give a sector pay for it

        sector = normalise_sector(sector)
    sections: dict[str, dict[str, Answer]] = {}
    raw_sections = data.get("answers")
    if isinstance(raw_sections, dict):
        for section_id, raw in raw_sections.items():
            answers = _section(checker, ("answers", section_id), section_id, raw, library)
            if answers is not None:
                sections[section_id] = answers
    elif "answers" in data:
        checker.error(("answers",), f"found {describe(raw_sections)}; expected a mapping of section ids to answers")
    agreed = _agreed(checker, data.get("agreed_actions")) if "agreed_actions" in data else ()
    if checker.errors:
        raise InputError(checker.errors)
    return AnswerSheet(doc.name, partnership, date, sections, respondent, agreed,
                       sector, " ".join(organisation.split()))


def _agreed(checker: Checker, raw: Any) -> tuple[AgreedAction, ...]:
    out = []
    for i, item in enumerate(checker.sequence(("agreed_actions",), raw, "agreed actions", min_items=0)):
        path: KeyPath = ("agreed_actions", i)
        if isinstance(item, str):
            item = {"action": item}
        if checker.mapping(path, item, AGREED_KEYS, ("action",), what="an agreed action") is None:
            continue
        action = checker.text(path + ("action",), item.get("action"), "the text of the action")
        horizon = _horizon(checker, path + ("horizon",), item.get("horizon"))
        owner = checker.optional_text(path + ("owner",), item.get("owner"), "an owner")
        due = checker.optional_text(path + ("due",), item.get("due"), "a due date")
        need = checker.optional_text(path + ("need",), item.get("need"), "the need it answers")
        if action:
            out.append(AgreedAction(action, horizon, owner, due, need))
    return tuple(out)


def _horizon(checker: Checker, path: KeyPath, raw: Any) -> int:
    if raw is None:
        return 12
    text = str(raw).strip().lower().replace("months", "").replace("month", "").strip()
    if text in ("6", "12"):
        return int(text)
    checker.error(path, f"found {describe(raw)}; expected 6 or 12 (months)")
    return 12


def _section(checker: Checker, path: KeyPath, section_id: Any, raw: Any, library: Library) -> dict[str, Answer] | None:
    section = library.sections.get(section_id)
    if section is None:
        known = list(library.sections)
        hint = checker.did_you_mean(str(section_id), known)
        extra = ""
        if section_id in library.questionnaires:
            extra = f"; questionnaire '{section_id}' has sections: {', '.join(s.id for s in library.questionnaires[section_id].sections)}"
        if not hint and not extra:
            extra = " (a section of your own questionnaire? give --questionnaires DIR, as when the file was made)"
        checker.error(path, f"unknown section '{shorten(str(section_id))}'{hint}{extra}; known sections: {', '.join(known)}", key=True)
        return None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        checker.error(path, f"found {describe(raw)}; expected a mapping of question ids to answers")
        return None
    answers: dict[str, Answer] = {}
    for question_id, value in raw.items():
        here = path + (question_id,)
        question = section.question(str(question_id))
        if question is None:
            ids = [q.id for q in section.questions]
            checker.error(
                here,
                f"unknown question '{shorten(str(question_id))}' in section '{section.id}'{checker.did_you_mean(str(question_id), ids)}; "
                f"expected one of: {', '.join(ids)}",
                key=True,
            )
            continue
        answer = _answer(checker, here, question, value)
        if answer is not None:
            answers[question.id] = answer
    return answers


def _answer(checker: Checker, path: KeyPath, question: Question, raw: Any) -> Answer | None:
    note = ""
    value_path = path
    if isinstance(raw, dict):
        if checker.mapping(path, raw, ANSWER_KEYS, what="an answer with an optional note") is None:
            return None
        note = checker.optional_text(path + ("note",), raw.get("note"), "a note")
        raw = raw.get("answer")
        value_path = path + ("answer",)
    if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []:
        return None
    if question.kind == questionnaire.TEXT:
        text = checker.optional_text(value_path, raw, "free text")
        return Answer(question.id, text, note) if text else None
    if question.kind == questionnaire.LIST:
        return _list_answer(checker, value_path, question, raw, note)
    assert question.scale is not None
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        labels = [o.label for o in question.scale.options]
        checker.error(value_path, f"found {describe(raw)}; expected one of: {', '.join(labels)}")
        return None
    option = question.scale.find(raw if type(raw) is str else str(raw))
    if option is None:
        labels = [o.label for o in question.scale.options]
        checker.error(
            value_path,
            f"'{shorten(str(raw))}' is not an answer on the '{question.scale.name}' scale{checker.did_you_mean(str(raw), labels)}; "
            f"expected one of: {', '.join(labels)}",
        )
        return None
    return Answer(question.id, option, note)


def _list_answer(checker: Checker, path: KeyPath, question: Question, raw: Any, note: str) -> Answer | None:
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        checker.error(path, f"found {describe(raw)}; expected a list of items")
        return None
    items = []
    for i, item in enumerate(raw):
        text = checker.optional_text(path + (i,), item, "the text of an item")
        if text:
            items.append(text)
    return Answer(question.id, tuple(items), note) if items else None


def date_mark(path: str) -> tuple[int | None, int | None]:
    """The line and column of an answers file's ``date:`` key, read again with marks (only a file a warning points
    at pays for it); (None, None) for a form export's row (its file and row say where), standard input, or a file
    that cannot be read again."""
    from lsp_check.load.source import STDIN_NAME
    from lsp_check.problems import row_of

    if not path or path == STDIN_NAME or row_of(path)[1] is not None:
        return None, None
    try:
        mark = load_file(path).where(("date",), key=True)
    except (InputError, OSError, ValueError):
        return None, None
    return (mark.line, mark.column) if mark else (None, None)
