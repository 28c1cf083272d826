"""The scoring engine: answers plus questionnaires in, a Result out. Pure: no printing, no files."""

from __future__ import annotations

from lsp_check import model
from lsp_check.model import AnswerSheet, Band, Library, Section
from lsp_check.score.plan import make_plan
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
            if isinstance(value, model.Option):
                items.append(
                    Item(question.id, question.text, question.kind, value.label, value.id, value.score, value.level,
                         note=answer.note, need=question.need or "")
                )
                if value.level == model.WEAK and section.raise_needs:
                    needs.append(
                        Need(section.id, section.title, question.id, question.text, question.need or question.text,
                             value.label, value.id, question.actions_for(value), answer.note,
                             question.scale.severity(value) if question.scale else 1.0)
                    )
                elif value.level in (model.WEAK, model.TRACKED):
                    flag = Flag(section.id, section.title, question.id, question.text, value.label, answer.note)
                    (low if value.level == model.WEAK else tracked).append(flag)
            elif isinstance(value, tuple):
                items.append(Item(question.id, question.text, question.kind, items=value, note=answer.note))
            else:
                items.append(Item(question.id, question.text, question.kind, answer=value, note=answer.note))
        sections.append(_section_result(section, tuple(items)))
    scored = [s for s in sections if s.scored]
    total = sum(s.score for s in scored)
    maximum = sum(s.max for s in scored)
    overall = Overall(total, maximum, percent_of(total, maximum), sum(s.answered for s in scored),
                      sum(s.questions for s in scored))
    result = Result(sheet.partnership, sheet.date, sheet.respondent, sheet.path, tuple(sections), overall,
                    tuple(needs), tuple(tracked), tuple(low), tuple(unanswered), sheet.agreed)
    return result._replace(plan=make_plan(result))


def _section_result(section: Section, items: tuple[Item, ...]) -> SectionResult:
    scored_questions = [q for q in section.questions if q.scored]
    answered = [(q, i) for q, i in zip(section.questions, items) if q.scored and i.score is not None]
    total = sum(i.score for _, i in answered if i.score is not None)
    maximum = sum(q.scale.max_score for q, _ in answered if q.scale)
    full_max = sum(q.scale.max_score for q in scored_questions if q.scale)
    percent = percent_of(total, maximum)
    mean = round(total / len(answered), 2) if answered else None
    complete = len(answered) == len(scored_questions)
    band = None
    if answered and section.bands:
        if section.band_basis == "percent":
            value = total / maximum * 100 if maximum else 0.0
        elif section.band_basis == "mean":
            value = total / len(answered)
        else:
            value = total if complete else total / maximum * full_max if maximum else 0.0
        band = band_for(section.bands, value)
    return SectionResult(
        section.id, section.title, section.description, bool(scored_questions), total, maximum, full_max, percent,
        mean, len(answered), len(scored_questions), band, band is not None and not complete, items,
    )


def band_for(bands: tuple[Band, ...], value: float) -> Band | None:
    """The band a value falls in; a value between two bands belongs to the lower one."""
    chosen = None
    for band in sorted(bands, key=lambda b: b.min):
        if value >= band.min:
            chosen = band
    return chosen
