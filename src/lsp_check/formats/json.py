"""The JSON report: every figure of a result, for scripts and CI, with a schema_version."""

from __future__ import annotations

import json
from typing import Any

from lsp_check.formats import RenderOptions, by_kind
from lsp_check.formats.numbers import json_number as n
from lsp_check.result import Result, SectionResult

SCHEMA_VERSION = 1


def to_data(result: Result) -> dict[str, Any]:
    """The result as JSON-ready data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "partnership": result.partnership,
        "date": result.date,
        "source": result.source,
        "sections": [_section(s) for s in result.sections],
        "overall": {
            "score": n(result.overall.score),
            "max": n(result.overall.max),
            "percent": result.overall.percent,
            "answered": result.overall.answered,
            "questions": result.overall.questions,
        },
        "needs": [
            {
                "section": need.section,
                "question": need.question,
                "need": need.need,
                "answer": need.answer,
                "actions": list(need.actions),
                "note": need.note,
            }
            for need in result.needs
        ],
        "tracked": [_flag(f) for f in result.tracked],
        "low": [_flag(f) for f in result.low],
        "unanswered": [{"section": m.section, "question": m.question, "text": m.question_text} for m in result.unanswered],
    }


def _section(section: SectionResult) -> dict[str, Any]:
    band = section.band
    return {
        "id": section.id,
        "title": section.title,
        "scored": section.scored,
        "score": n(section.score) if section.scored else None,
        "max": n(section.max) if section.scored else None,
        "percent": section.percent,
        "mean": section.mean,
        "answered": section.answered,
        "questions": section.questions,
        "band": {"label": band.label, "text": band.text, "estimated": section.band_estimated} if band else None,
        "answers": [
            {
                "question": item.question,
                "text": item.text,
                "kind": item.kind,
                "answer": list(item.items) if item.kind == "list" else item.answer,
                "option": item.option,
                "score": n(item.score),
                "level": item.level,
                "note": item.note,
            }
            for item in section.items
        ],
    }


def _flag(flag: Any) -> dict[str, Any]:
    return {"section": flag.section, "question": flag.question, "text": flag.question_text, "answer": flag.answer,
            "note": flag.note}


def render_result(result: Result, options: RenderOptions) -> str:
    """Render the JSON report."""
    return json.dumps(to_data(result), indent=2, ensure_ascii=False) + "\n"


render = by_kind("json", {Result: render_result})
