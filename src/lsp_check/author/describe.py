"""A questionnaire written out for people: scales, questions, needs, actions and bands."""

from __future__ import annotations

import textwrap

from lsp_check.figures import num
from lsp_check.questionnaire import CHOICE, OK, Questionnaire, Scale


def describe_questionnaire(questionnaire: Questionnaire, width: int = 100) -> str:
    """Plain text describing a questionnaire, for ``lsp-check questionnaires show``, wrapped at whole words to
    ``width`` columns with each wrapped line indented under the text it continues."""
    return "\n".join(_wrapped(line, width) for line in _lines(questionnaire)) + "\n"


def _wrapped(line: str, width: int) -> str:
    """A line wrapped at whole words, its continuation lines starting under its text (after any number or dash)."""
    if len(line) <= width:
        return line
    body = line.lstrip(" ")
    indent = len(line) - len(body)
    head = body.split(" ", 1)[0]
    # Continue under the text, not under a list mark ("1.", "-") or a band's range ("0–5") that starts the line.
    hang = indent + len(head) + 1 if head.endswith(".") or head == "-" or head[:1].isdigit() else indent
    if hang > width // 2:
        hang = indent
    return "\n".join(textwrap.wrap(body, width, initial_indent=" " * indent, subsequent_indent=" " * hang,
                                    break_long_words=False, break_on_hyphens=False))


def _lines(questionnaire: Questionnaire) -> list[str]:
    lines = [f"{questionnaire.title} ({questionnaire.id})"]
    if questionnaire.source:
        lines.append(f"Source: {questionnaire.source}")
    if questionnaire.description:
        lines.append(questionnaire.description)
    scales: dict[str, Scale] = {}
    for section in questionnaire.sections:
        for question in section.questions:
            if question.scale:
                scales.setdefault(question.scale.name, question.scale)
    for scale in scales.values():
        lines += ["", f"Scale '{scale.name}'" + (f": {scale.title}" if scale.title else "")]
        for option in scale.options:
            level = "" if option.level == OK else f"  [{option.level}]"
            lines.append(f"  {num(option.score):>3}  {option.label}  ({option.id}){level}")
    for section in questionnaire.sections:
        lines += ["", f"Section '{section.id}': {section.title}"]
        if section.description:
            lines.append(f"  {section.description}")
        scored = sum(1 for q in section.questions if q.scored)
        if scored:
            lines.append(f"  Scored when at least {section.required} of its {scored} scored questions "
                         f"{'is' if section.required == 1 else 'are'} answered (min_answered).")
        if not section.raise_needs:
            lines.append("  Weak answers are shown as low answers; they add no needs (raise_needs: false).")
        for number, question in enumerate(section.questions, 1):
            kind = f" [{question.kind}]" if question.kind != CHOICE else ""
            lines.append(f"  {number}. {question.text} ({question.id}){kind}")
            if question.choices:
                lines.append(f"     options: {' | '.join(question.choices)}")
            if question.need:
                lines.append(f"     need: {question.need}")
            for action in question.actions:
                lines.append(f"       - {action}")
            for option_id, actions in question.actions_by_option.items():
                lines.append(f"       when {option_id}:")
                lines += [f"       - {action}" for action in actions]
        if section.bands:
            lines.append(f"  Bands by {section.band_basis}:")
            for band in section.bands:
                lines.append(f"    {num(band.min)}–{num(band.max)}  {band.label}")
                if band.text:
                    lines.append(f"        {band.text}")
    return lines
