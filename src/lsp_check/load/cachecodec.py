"""The questionnaire library as plain tuples and back, for the cache (marshal stores only plain values)."""

from __future__ import annotations

from typing import Any

from lsp_check.problems import Problem
from lsp_check.questionnaire import Band, Library, Option, Question, Questionnaire, Scale, Section


def encode(library: Library, warnings: list[Problem]) -> tuple[Any, ...]:
    """Plain values holding everything needed to rebuild the library and its warnings."""
    scales = tuple((s.name, s.title, tuple(tuple(o) for o in s.options)) for s in library.scales.values())
    questionnaires = tuple(
        (q.id, q.title, q.path, q.description, q.source, tuple(_section(s) for s in q.sections))
        for q in library.questionnaires.values()
    )
    return scales, questionnaires, tuple(library.sections), library.notices, tuple(tuple(w) for w in warnings)


def _section(s: Section) -> tuple[Any, ...]:
    questions = tuple(
        (q.id, q.text, q.kind, q.scale.name if q.scale else None, q.need, q.actions, dict(q.actions_by_option),
         q.choices)
        for q in s.questions
    )
    return (s.id, s.title, questions, s.questionnaire, s.description, s.raise_needs, s.band_basis,
            tuple(tuple(b) for b in s.bands), s.min_answered)


def decode(data: Any) -> tuple[Library, list[Problem]]:
    """Rebuild the library and warnings from ``encode``'s plain values."""
    raw_scales, raw_questionnaires, section_order, notices, raw_warnings = data
    scales = {name: Scale.build(name, tuple(Option(*o) for o in options), title) for name, title, options in raw_scales}
    questionnaires = {}
    sections = {}
    for qid, title, path, description, source, raw_sections in raw_questionnaires:
        built = []
        for sid, stitle, raw_questions, owner, sdesc, raise_needs, basis, bands, least in raw_sections:
            questions = tuple(
                Question(q_id, text, kind, scales[scale] if scale else None, need, tuple(actions),
                         {k: tuple(v) for k, v in by_option.items()}, tuple(choices))
                for q_id, text, kind, scale, need, actions, by_option, choices in raw_questions
            )
            section = Section.build(sid, stitle, questions, owner, sdesc, raise_needs, basis,
                                    tuple(Band(*b) for b in bands), least)
            built.append(section)
            sections[sid] = section
        questionnaires[qid] = Questionnaire(qid, title, tuple(built), path, description, source)
    ordered = {sid: sections[sid] for sid in section_order}
    return Library(questionnaires, ordered, scales, tuple(notices)), [Problem(*w) for w in raw_warnings]
