"""The HTML view of group reports: one part per partnership, with distributions drawn beside their counts."""

from __future__ import annotations

from typing import Any

from lsp_check.report.charts import distribution, percent_bars
from lsp_check.report.html_plan import plan_view
from lsp_check.figures import num, pct

FLAG_BLOCKS = (
    ("low", "Low answers", "These median answers are low but are read through the section's band rather than added "
                           "to the Overall Record:"),
    ("tracked", "Action in hand", "Tracked, with no new suggestions:"),
    ("unanswered", "Answered by nobody", "No respondent answered these questions:"),
)


def group_view(groups: list[Any]) -> dict[str, Any]:
    """The finished figures, charts and wording of group reports (one per partnership)."""
    views = [_group(g, f"g{i}") for i, g in enumerate(groups, 1)]
    title = (f"Partnership health check: {views[0]['partnership']}" if len(views) == 1
             else f"Partnership health checks: {len(views)} partnerships")
    return {"kind": "groups", "title": title, "groups": views,
            "legend": any(row["disagree"] for v in views for s in v["sections"] for row in s["rows"])}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _group(g: Any, gid: str) -> dict[str, Any]:
    meta = _plural(g.respondents, "respondent")
    if g.dates:
        meta += " · " + (g.dates[0] if len(g.dates) == 1 else f"{g.dates[0]} to {g.dates[-1]}")
    scored = [s for s in g.sections if s.scored]
    summary = [{
        "title": s.title,
        "respondents": s.respondents,
        "median": f"{num(s.median_score)} of {num(s.max)}" if s.median_score is not None else "–",
        "range": f"{num(s.low_score)}–{num(s.high_score)}" if s.low_score is not None else "–",
        "percent": pct(s.median_percent),
        "band": s.band.label if s.band else "–",
    } for s in scored]
    needs = [{
        "number": n,
        "need": d.need,
        "high": d.priority == "high",
        "priority": "high priority" if d.priority == "high" else "priority",
        "weak_line": f"{d.weak} of {d.responses} weak",
        "section_title": d.section_title,
        "question_text": d.question_text,
        "answer": d.answer,
        "disagree": d.disagreement,
        "actions": list(d.actions),
    } for n, d in enumerate(g.needs, 1)]
    blocks = []
    for key, title, intro in FLAG_BLOCKS:
        flags = getattr(g, key)
        if flags:
            blocks.append({"id": f"{gid}-{key}", "title": title, "intro": intro, "lines": [
                {"section_title": f.section_title, "question_text": f.question_text, "answer": f.answer}
                for f in flags]})
    return {
        "id": gid,
        "partnership": g.partnership or "(partnership not named)",
        "meta": meta,
        "names": ", ".join(g.names),
        "scored": bool(scored),
        "summary": summary,
        "overall_percent": pct(g.overall.percent),
        "bars": percent_bars([(s.title, s.band.label if s.band else "", s.median_percent) for s in scored]),
        "sections": [_section(s, f"{gid}-s{i}") for i, s in enumerate(g.sections, 1)],
        "needs": needs,
        "plan": plan_view(g.plan) if g.plan and g.plan.rows else None,
        "flag_blocks": blocks,
    }


def _section(s: Any, sid: str) -> dict[str, Any]:
    rows = []
    for number, i in enumerate((i for i in s.items if i.counts), 1):
        rows.append({
            "id": f"{sid}-q{number}",
            "text": i.text,
            "chart": distribution([(c.label, c.level, c.count) for c in i.counts]),
            "counts": [{"label": c.label, "count": c.count} for c in i.counts],
            "responses": i.responses,
            "median": i.median or "–",
            "mean": num(i.mean),
            "disagree": i.disagreement,
            "flag": "disagree" if i.disagreement else "",
        })
    texts = [{
        "text": i.text,
        "entries": [{"who": who, "text": text} for who, text in i.texts],
    } for i in s.items if not i.counts and i.kind != "choice"]
    return {
        "id": sid,
        "title": s.title,
        "description": s.description,
        "scored": s.scored,
        "respondents_line": f"{_plural(s.respondents, 'respondent')} answered this section.",
        "band_label": s.band.label if s.band else "",
        "band_text": s.band.text if s.band else "",
        "rows": rows,
        "texts": texts,
    }
