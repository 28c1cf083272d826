"""The scoring engine: answers plus questionnaires in, a Result out. Pure: no printing, no files."""

from __future__ import annotations

from lsp_check import method, questionnaire
from lsp_check.questionnaire import AnswerSheet, Library, Section
from lsp_check.score.bands import band_for, band_value
from lsp_check.score.result import Flag, Item, Missing, Need, Overall, Result, SectionResult, percent_of


def score(library: Library, sheet: AnswerSheet) -> Result:
    """Score every section the sheet answers, in the sheet's order."""
    sections: list[SectionResult] = []
    needs: list[Need] = []
    tracked: list[Flag] = []
    low: list[Flag] = []
    unanswered: list[Missing] = []
    for section_id, answers in sheet.answers.items():
        section = library.sections[section_id]
        items: list[Item] = []
        for question in section.questions:
            answer = answers.get(question.id)
            if answer is None:
                items.append(Item(question.id, question.text, question.kind, need=question.need or ""))
                unanswered.append(Missing(section.id, section.title, question.id, question.text))
                continue
            value = answer.value
            if isinstance(value, questionnaire.Option):
                scale = question.scale
                items.append(
                    Item(question.id, question.text, question.kind, value.label, value.id, value.score, value.level,
                         note=answer.note, need=question.need or "",
                         floor=scale.min_score if scale else None, ceiling=scale.max_score if scale else None,
                         step=scale.largest_step if scale else 0.0)
                )
                if value.level == questionnaire.WEAK and section.raise_needs:
                    needs.append(
                        Need(section.id, section.title, question.id, question.text, question.need or question.text,
                             value.label, value.id, question.actions_for(value), answer.note,
                             question.scale.severity(value) if question.scale else 1.0,
                             urgent_answer=question.scale.urgent(value) if question.scale else True)
                    )
                elif value.level in (questionnaire.WEAK, questionnaire.TRACKED):
                    flag = Flag(section.id, section.title, question.id, question.text, value.label, answer.note)
                    (low if value.level == questionnaire.WEAK else tracked).append(flag)
            elif isinstance(value, str):
                items.append(Item(question.id, question.text, question.kind, answer=value, note=answer.note))
            else:
                items.append(Item(question.id, question.text, question.kind, items=value, note=answer.note))
        sections.append(_section_result(section, tuple(items)))
    scored = [s for s in sections if s.covered]
    total = sum(s.score for s in scored)
    maximum = sum(s.max for s in scored)
    floor = sum(s.low for s in scored)
    asked = [s for s in sections if s.scored]  # unanswered questions are counted even where a section falls short
    # No overall figure from a partial assessment: a section below coverage withholds it (docs/method.md).
    whole = all(s.covered for s in asked)
    exact = method.overall_percent([(method.floor_percent(s.score, s.low, s.max) or 0.0, s.max - s.low)
                                    for s in scored]) if whole else None
    overall = Overall(total, maximum, method.rounded(exact), sum(s.answered for s in asked),
                      sum(s.questions for s in asked), floor, exact=exact)
    return Result(sheet.partnership, sheet.date, sheet.respondent, sheet.path, tuple(sections), overall,
                  tuple(needs), tuple(tracked), tuple(low), tuple(unanswered), sheet.agreed,
                  organisation=sheet.organisation, sector=sheet.sector)


def _section_result(section: Section, items: tuple[Item, ...]) -> SectionResult:
    scored_questions = [q for q in section.questions if q.scored]
    answered = [(q, i) for q, i in zip(section.questions, items) if q.scored and i.score is not None]
    total = sum(i.score for _, i in answered if i.score is not None)
    maximum = sum(q.scale.max_score for q, _ in answered if q.scale)
    low = sum(q.scale.min_score for q, _ in answered if q.scale)
    full_max = sum(q.scale.max_score for q in scored_questions if q.scale)
    full_low = sum(q.scale.min_score for q in scored_questions if q.scale)
    required = section.required
    covered = bool(answered) and len(answered) >= required
    percent = percent_of(total, maximum, low) if covered else None
    mean = round(total / len(answered), 2) if covered else None
    complete = len(answered) == len(scored_questions)
    band = None
    if covered and section.bands:
        value = band_value(section, total, maximum, low, len(answered), full_max, full_low)
        band = band_for(section.bands, value)
    return SectionResult(
        section.id, section.title, section.description, bool(scored_questions), total, maximum, full_max, percent,
        mean, len(answered), len(scored_questions), band, band is not None and not complete, items, low, required,
    )
