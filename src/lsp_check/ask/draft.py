"""An answers file being filled in: read it back to resume, write it out whole after every answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple, Union

import yaml

from lsp_check import questionnaire
from lsp_check.load.answers import check_answers
from lsp_check.load.yamlfile import load_file
from lsp_check.questionnaire import Answer, Library, Section
from lsp_check.writing import write_atomic

Value = Union[str, tuple[str, ...], None]  # an option label or text; a tuple of list items; None
HEADER_KEYS = ("partnership", "date", "respondent", "organisation", "sector")
# libyaml's emitter where PyYAML has it: the file is written after every answer, and a live room writes one for
# each of 60 phones at once (bench/collect_load.py: 6 times quicker than the pure-Python emitter, which was most of
# the time an answer took). What it writes reads back to the same values (a property test holds it).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
HEADER = "# Answers for {titles}, written by '{command}'; rewritten whole after every answer."


class Entry(NamedTuple):
    """One question's answer as it is written: an option's label, a text or a list, with a note."""

    value: Value
    note: str = ""

    @property
    def answered(self) -> bool:
        """Whether the entry holds an answer (a note alone is not one)."""
        return bool(self.value)

    def plain(self) -> Any:
        """The entry as a plain YAML value: the answer alone, or a mapping with its note."""
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"answer": value, "note": self.note} if self.note else value


class Draft:
    """Who answered, when, and the answers so far; other sections of the file are kept as they were read."""

    command = "lsp-check ask"  # named in the file's header line

    def __init__(self, path: Path, sections: tuple[Section, ...]) -> None:
        self.path = path
        self.sections = sections
        self.header: dict[str, str] = {}
        self.entries: dict[str, dict[str, Entry]] = {s.id: {} for s in sections}
        # Sections of the file that are not being asked: their values are written back as read.
        self.kept: dict[str, Any] = {}
        self.order: list[str] = [s.id for s in sections]
        self.dirty = False
        self.comments = False
        self.schema = False  # whether the first line points editors at answers.schema.json beside the file

    @classmethod
    def resume(cls, path: Path, sections: tuple[Section, ...], library: Library) -> Draft:
        """Read an existing answers file (raising InputError if it is not valid) to carry on filling it in."""
        doc = load_file(path)
        sheet = check_answers(doc, library)
        draft = cls(path, sections)
        data: dict[str, Any] = doc.data
        draft.header = {key: getattr(sheet, key) for key in HEADER_KEYS if key in data}
        raw_sections: dict[str, Any] = data.get("answers") or {}
        draft.order = list(raw_sections) + [sid for sid in draft.order if sid not in raw_sections]
        for sid, raw in raw_sections.items():
            if sid not in draft.entries:
                draft.kept[sid] = raw
                continue
            answers = sheet.answers.get(sid, {})
            for qid, item in (raw or {}).items():
                if qid in answers:
                    draft.entries[sid][qid] = _entry(answers[qid])
                elif isinstance(item, dict) and item.get("note") not in (None, ""):
                    draft.entries[sid][qid] = Entry(None, str(item["note"]).strip())
        draft.comments = _has_comments(path)
        return draft

    def set_header(self, key: str, value: str) -> None:
        """Record the partnership, date or respondent."""
        self.header[key] = value
        self.dirty = True

    def entry(self, section: Section, question: questionnaire.Question) -> Entry:
        """The entry for a question, empty if nothing is recorded."""
        return self.entries[section.id].get(question.id, Entry(None))

    def set(self, section: Section, question: questionnaire.Question, entry: Entry) -> None:
        """Record an entry (answer, note or both); an empty one removes the question from the file."""
        if entry.value or entry.note:
            self.entries[section.id][question.id] = entry
        else:
            self.entries[section.id].pop(question.id, None)
        self.dirty = True

    def answered(self) -> int:
        """How many questions of the sections being asked have an answer."""
        return sum(e.answered for entries in self.entries.values() for e in entries.values())

    def plain(self) -> dict[str, Any]:
        """The whole file as plain YAML values, sections in file order and questions in questionnaire order."""
        out: dict[str, Any] = {key: self.header[key] for key in HEADER_KEYS if key in self.header}
        answers: dict[str, Any] = {}
        by_id = {s.id: s for s in self.sections}
        for sid in self.order:
            if sid in self.kept:
                answers[sid] = self.kept[sid]
                continue
            entries = self.entries[sid]
            answers[sid] = {q.id: entries[q.id].plain() for q in by_id[sid].questions if q.id in entries}
        out["answers"] = answers
        return out

    def text(self) -> str:
        """The YAML text of the answers file."""
        from lsp_check.author.blank import SCHEMA_COMMENT
        from lsp_check.author.schemas import schema_name

        body = yaml.dump(self.plain(), Dumper=_DUMPER, sort_keys=False, allow_unicode=True, default_flow_style=False,
                         width=1000)
        titles = "; ".join(s.title for s in self.sections)
        head = [SCHEMA_COMMENT.format(url=schema_name("answers"))] if self.schema else []
        head.append(HEADER.format(titles=titles, command=self.command))
        return "\n".join(head) + "\n" + body

    def save(self) -> None:
        """Write the whole file beside its final name and rename it into place."""
        write_atomic(self.path, self.text())
        self.dirty = False


def _entry(answer: Answer) -> Entry:
    value = answer.value
    if isinstance(value, questionnaire.Option):
        value = value.label
    return Entry(value, answer.note)


def _has_comments(path: Path) -> bool:
    """Whether a file has comment lines other than the ones this module writes."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    ours = ("# yaml-language-server:", "# Answers for ")
    return any(line.lstrip().startswith("#") and not line.startswith(ours) for line in text.splitlines())
