"""The JSON report: every figure of a result, for scripts and CI, with a schema_version."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from lsp_check.report import RenderOptions, kind_of
from lsp_check.figures import json_number as n
from lsp_check.score.result import Result, SectionResult

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
        "plan": plan_rows(result.plan),
    }


def plan_rows(plan: Any) -> list[dict[str, Any]]:
    """The plan's rows as JSON-ready data."""
    if plan is None:
        return []
    return [
        {"horizon_months": r.horizon, "priority": r.rank, "need": r.need, "section": r.section, "action": r.action,
         "source": r.source, "owner": r.owner, "due": r.due, "reason": r.reason}
        for r in plan.rows
    ]


def plan_data(plans: list[Any]) -> dict[str, Any]:
    """Standalone action plans as JSON-ready data."""
    return {"schema_version": SCHEMA_VERSION, "kind": "plans",
            "plans": [{"partnership": p.partnership, "date": p.date, "rows": plan_rows(p)} for p in plans]}


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


def group_data(groups: list[Any]) -> dict[str, Any]:
    """Group results (one per partnership) as JSON-ready data; respondents named only when kept."""
    return {"schema_version": SCHEMA_VERSION, "kind": "groups", "groups": [_group(g) for g in groups]}


def _texts(pairs: tuple) -> list[Any]:
    return [{"respondent": who, "text": text} if who else text for who, text in pairs]


def _group(group: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "partnership": group.partnership,
        "dates": list(group.dates),
        "respondents": group.respondents,
    }
    if group.names:
        data["names"] = list(group.names)
    data["sections"] = [
        {
            "id": s.id,
            "title": s.title,
            "scored": s.scored,
            "respondents": s.respondents,
            "max": n(s.max) if s.scored else None,
            "median_score": n(s.median_score),
            "range": [n(s.low_score), n(s.high_score)] if s.low_score is not None else None,
            "median_percent": s.median_percent,
            "band": {"label": s.band.label, "text": s.band.text} if s.band else None,
            "items": [
                {
                    "question": i.question,
                    "text": i.text,
                    "kind": i.kind,
                    "responses": i.responses,
                    "distribution": [{"id": c.id, "label": c.label, "count": c.count} for c in i.counts],
                    "median": i.median,
                    "mean": i.mean,
                    "spread": i.spread,
                    "disagreement": i.disagreement,
                    "weak_share": round(i.weak_share, 3),
                    "answers": _texts(i.texts),
                    "notes": _texts(i.notes),
                }
                for i in s.items
            ],
        }
        for s in group.sections
    ]
    o = group.overall
    data["overall"] = {"score": n(o.score), "max": n(o.max), "percent": o.percent,
                       "median_respondent_percent": group.median_percent}
    data["needs"] = [
        {"section": d.section, "question": d.question, "need": d.need, "answer": d.answer, "actions": list(d.actions),
         "weak": d.weak, "responses": d.responses, "disagreement": d.disagreement, "priority": d.priority}
        for d in group.needs
    ]
    for key in ("tracked", "low"):
        data[key] = [{"section": f.section, "question": f.question, "text": f.question_text, "answer": f.answer}
                     for f in getattr(group, key)]
    data["unanswered"] = [{"section": f.section, "question": f.question, "text": f.question_text}
                          for f in group.unanswered]
    data["plan"] = plan_rows(group.plan)
    return data


def compare_data(c: Any) -> dict[str, Any]:
    """A comparison as JSON-ready data."""
    def side(s: Any) -> dict[str, Any]:
        return {"partnership": s.partnership, "date": s.date, "respondents": s.respondents, "overall_percent": s.overall}

    def needs(items: tuple) -> list[dict[str, str]]:
        return [{"section": n.section, "question": n.question, "need": n.need} for n in items]

    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "comparison",
        "partnership": c.partnership,
        "baseline": side(c.baseline),
        "followup": side(c.followup),
        "overall": {"then": c.overall_then, "now": c.overall_now, "change": c.overall_change},
        "sections": [
            {"id": m.id, "title": m.title, "then": m.then, "now": m.now, "change": m.change,
             "direction": m.direction, "then_band": m.then_band, "now_band": m.now_band,
             "then_score": n(m.then_score), "now_score": n(m.now_score), "max": n(m.max)}
            for m in c.sections
        ],
        "only_baseline": list(c.only_baseline),
        "only_followup": list(c.only_followup),
        "questions": [
            {"section": m.section, "question": m.question, "text": m.text, "then": m.then_answer, "now": m.now_answer,
             "then_score": n(m.then_score), "now_score": n(m.now_score), "change": m.change, "direction": m.direction}
            for m in c.items
        ],
        "needs": {"resolved": needs(c.resolved), "new": needs(c.new), "persisting": needs(c.persisting)},
        "regressions": [m.id for m in c.fallen],
    }


def cluster_data(c: Any) -> dict[str, Any]:
    """A cluster view as JSON-ready data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "cluster",
        "sections": [{"id": sid, "title": title, "median_percent": c.medians.get(sid)} for sid, title in c.sections],
        "partnerships": [
            {"partnership": r.partnership, "respondents": r.respondents,
             "percent": {sid: r.percents.get(sid) for sid, _ in c.sections},
             "versus_median": {sid: r.versus.get(sid) for sid, _ in c.sections}}
            for r in c.rows
        ],
        "shared_needs": [
            {"rank": i, "need": s.need, "partnerships": s.count, "of": len(c.rows), "respondents": s.respondents,
             "which": list(s.partnerships), "questions": list(s.questions)}
            for i, s in enumerate(c.shared, 1)
        ],
    }


def render(result: Any, options: RenderOptions) -> Any:
    """Render the JSON report of one answers file (a string), or of groups (chunks, one per partnership)."""
    kind = kind_of(result)

    if kind == "plans":
        return json.dumps(plan_data(result), indent=2, ensure_ascii=False) + "\n"
    if kind in ("comparison", "cluster"):
        data = compare_data(result) if kind == "comparison" else cluster_data(result)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if isinstance(result, list):
        return _group_chunks(result)
    return json.dumps(to_data(result), indent=2, ensure_ascii=False) + "\n"


def _group_chunks(groups: list[Any]) -> Iterator[str]:
    # Written a partnership at a time, so memory does not grow with the size of the report;
    # the text is the same as json.dumps(group_data(groups), indent=2).
    yield f'{{\n  "schema_version": {SCHEMA_VERSION},\n  "kind": "groups",\n  "groups": ['
    for i, group in enumerate(groups):
        body = json.dumps(_group(group), indent=2, ensure_ascii=False).replace("\n", "\n    ")
        yield ("," if i else "") + "\n    " + body
    yield "\n  ]\n}\n" if groups else "]\n}\n"
