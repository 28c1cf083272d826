"""The Markdown report: a write-up a facilitator can send, rendered by a jinja2 template."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lsp_check.report import RenderOptions, kind_of
from lsp_check.report.escape import md, md_block, md_cell
from lsp_check.figures import num, pct
from lsp_check.score.result import Result, SectionResult

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def environment(search_path: Iterable[Path] = (TEMPLATES,)) -> Any:
    """A jinja2 environment where every ``{{ value }}`` is Markdown-escaped unless marked safe."""
    import jinja2
    from markupsafe import Markup

    def finalize(value: object) -> object:
        if isinstance(value, Markup) or not isinstance(value, str):
            return value
        return md(value)

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        autoescape=False,
        finalize=finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["cell"] = lambda v: Markup(md_cell(v))
    env.filters["block"] = lambda v: Markup(md_block(v))
    return env


def view(result: Result) -> dict[str, Any]:
    """The finished figures and wording a template needs; templates only lay them out."""
    meta = [f"Date: {result.date}" if result.date else "", f"Respondent: {result.respondent}" if result.respondent else ""]
    missing = result.overall.questions - result.overall.answered
    return {
        "kind": "result",
        "partnership": result.partnership or "(partnership not named)",
        "meta": " · ".join(m for m in meta if m),
        "missing_line": (
            f"{missing} question{'s' if missing != 1 else ''} unanswered: scores are out of the questions answered."
            if missing else ""
        ),
        "date": result.date,
        "respondent": result.respondent,
        "sections": [_section(s) for s in result.sections],
        "overall": {
            "score": num(result.overall.score),
            "max": num(result.overall.max),
            "percent": pct(result.overall.percent),
            "missing": result.overall.questions - result.overall.answered,
        },
        "needs": result.needs,
        "tracked": result.tracked,
        "low": result.low,
        "unanswered": result.unanswered,
        "any_scored": any(s.scored for s in result.sections),
        "plan": plan_view(result.plan, "###") if result.plan and result.plan.rows else None,
    }


def _section(section: SectionResult) -> dict[str, Any]:
    from markupsafe import Markup

    answers = []
    for item in section.items:
        if item.kind == "list":
            answer = "; ".join(item.items)
        else:
            answer = item.answer or "(unanswered)"
        marker = {"weak": " ▲", "tracked": " ◆"}.get(item.level or "", "")
        note_cell = Markup(f"<br>*Note: {md_cell(item.note)}*") if item.note else ""
        answers.append({"text": item.text, "answer": answer, "entries": item.items, "kind": item.kind,
                        "marker": marker, "note_cell": note_cell,
                        "level": item.level, "note": item.note, "answered": bool(item.answer or item.items)})
    score_line = f"Score: {num(section.score)} out of a possible {num(section.max)} ({pct(section.percent)})."
    band = section.band
    band_line = ""
    if band:
        band_line = band.label + (" (estimated from the questions answered)" if section.band_estimated else "")
    return {
        "score_line": score_line,
        "missing_line": f"{section.missing} unanswered." if section.missing else "",
        "band_line": band_line,
        "id": section.id,
        "title": section.title,
        "description": section.description,
        "scored": section.scored,
        "score": num(section.score),
        "max": num(section.max),
        "percent": pct(section.percent),
        "missing": section.missing,
        "band": section.band,
        "band_estimated": section.band_estimated,
        "rows": answers,
    }


def plan_view(plan: Any, heading: str = "##") -> dict[str, Any]:
    """The plan laid out by horizon, need by need, for the plan templates."""
    horizons = []
    for months in (6, 12):
        rows = plan.horizon(months)
        needs: list[dict[str, Any]] = []
        for row in rows:
            if row.source != "suggested":
                continue
            if not needs or needs[-1]["rank"] != row.rank:
                needs.append({"rank": row.rank, "need": row.need,
                              "reason": f"{row.section}: {row.reason}", "actions": []})
            needs[-1]["actions"].append({"action": row.action})
        agreed = [{"action": r.action, "owner": r.owner, "due": r.due} for r in rows if r.source == "agreed"]
        horizons.append({"title": f"Next {months} months", "needs": needs, "agreed": agreed})
    from markupsafe import Markup

    return {"partnership": plan.partnership or "(partnership not named)", "date": plan.date, "horizons": horizons,
            "heading": Markup(heading)}


def render_plans(plans: list[Any]) -> str:
    """The standalone Markdown action plan(s)."""
    return environment().get_template("plan.md.j2").render(plans=[plan_view(p) for p in plans])


def group_view(groups: list[Any]) -> dict[str, Any]:
    """The finished wording of group reports (one per partnership) for the group template."""
    return {"groups": [_group(g) for g in groups]}


def _group(g: Any) -> dict[str, Any]:
    meta = f"{g.respondents} respondent{'s' if g.respondents != 1 else ''}"
    if g.dates:
        meta += " · " + (g.dates[0] if len(g.dates) == 1 else f"{g.dates[0]} to {g.dates[-1]}")
    sections = []
    for s in g.sections:
        rows = [
            {
                "text": i.text,
                "distribution": " · ".join(f"{c.label} {c.count}" for c in i.counts),
                "median": i.median or "–",
                "mean": num(i.mean),
                "flag": "⚠ disagree" if i.disagreement else "",
            }
            for i in s.items if i.counts
        ]
        texts = [
            {"text": i.text, "entries": [f"{who}: {text}" if who else text for who, text in i.texts] or ["(no answers)"]}
            for i in s.items if not i.counts and not i.kind == "choice"
        ]
        sections.append({
            "title": s.title,
            "scored": s.scored,
            "respondents": s.respondents,
            "respondents_line": f"{s.respondents} respondent{'s' if s.respondents != 1 else ''} answered this section.",
            "median": f"{num(s.median_score)} of {num(s.max)}" if s.median_score is not None else "–",
            "range": f"{num(s.low_score)}–{num(s.high_score)}" if s.low_score is not None else "–",
            "percent": pct(s.median_percent),
            "band": s.band.label if s.band else "–",
            "band_line": bool(s.band),
            "band_label": s.band.label if s.band else "",
            "band_text": s.band.text if s.band else "",
            "rows": rows,
            "texts": texts,
        })
    needs = []
    for d in g.needs:
        detail = f"{d.section_title}: “{d.question_text}”: median answer {d.answer}; {d.weak} of {d.responses} weak"
        detail += "; answers disagree" if d.disagreement else ""
        needs.append({"title": d.need + (" (high priority)" if d.priority == "high" else ""), "detail": detail + ".",
                      "actions": d.actions})
    blocks = []
    for title, flags in (("Low answers", g.low), ("Action in hand", g.tracked), ("Answered by nobody", g.unanswered)):
        if flags:
            blocks.append({"title": title, "lines": [
                f"{f.section_title}: {f.question_text}" + (f": median {f.answer}" if f.answer else "") for f in flags]})
    return {
        "partnership": g.partnership or "(partnership not named)",
        "meta": meta,
        "names": ", ".join(g.names),
        "scored": any(s.scored for s in g.sections),
        "sections": sections,
        "overall_percent": pct(g.overall.percent),
        "plan": plan_view(g.plan, "###") if g.plan and g.plan.rows else None,
        "needs": needs,
        "flag_blocks": blocks,
    }


ARROWS = {"up": "▲", "down": "▼", "level": "="}


def compare_view(c: Any) -> dict[str, Any]:
    """The finished wording of a comparison for its template."""
    def signed(value: float | None, places: str = ".1f") -> str:
        return "–" if value is None else format(value, "+" + places)

    change = c.overall_change
    only = [f"{label}: {', '.join(titles)}." for label, titles in c.one_sided]
    return {
        "partnership": c.partnership or "(partnership not named)",
        "dates": f"{c.baseline.date or 'Baseline'} → {c.followup.date or 'follow-up'}",
        "sections": [{"title": m.title, "then": pct(m.then), "now": pct(m.now), "change": signed(m.change),
                      "arrow": ARROWS[m.direction], "band": m.now_band or "–"} for m in c.sections],
        "overall": {"then": pct(c.overall_then), "now": pct(c.overall_now), "change": signed(change),
                    "arrow": ARROWS[c.overall_direction]},
        "only": only,
        "moved": [{"text": m.text, "then": m.then_answer, "now": m.now_answer, "arrow": ARROWS[m.direction],
                   "change": signed(m.change, ".2g")} for m in c.items if m.direction != "level"],
        "need_blocks": [{"title": "Needs resolved", "needs": c.resolved}, {"title": "New needs", "needs": c.new},
                        {"title": "Needs persisting", "needs": c.persisting}],
    }


def cluster_view(c: Any) -> dict[str, Any]:
    """The finished wording of a cluster view for its template."""
    rows = []
    for r in c.rows:
        cells = []
        for sid, _ in c.sections:
            value, versus = r.percents.get(sid), r.versus.get(sid)
            cells.append(pct(value) + ("" if versus is None else f" ({versus:+.1f})"))
        rows.append({"partnership": r.partnership, "respondents": r.respondents, "cells": cells})
    return {
        "count": len(c.rows),
        "section_titles": [title for _, title in c.sections],
        "rows": rows,
        "medians": [pct(c.medians.get(sid)) for sid, _ in c.sections],
        "shared": [{"rank": i, "need": s.need, "count": s.count, "respondents": s.respondents,
                    "which": ", ".join(s.partnerships)} for i, s in enumerate(c.shared, 1)],
    }


def render(result: Any, options: RenderOptions, template: str | None = None) -> str:
    """Render the Markdown report of one answers file, of groups of respondents, or action plans."""
    kind = kind_of(result)

    if kind == "comparison":
        return environment().get_template(template or "compare.md.j2").render(**compare_view(result))
    if kind == "cluster":
        return environment().get_template(template or "cluster.md.j2").render(**cluster_view(result))
    if kind == "plans":
        return render_plans(result)
    if isinstance(result, list):
        return environment().get_template(template or "group.md.j2").render(**group_view(result))
    return environment().get_template(template or "report.md.j2").render(**view(result))


# The view a user's own Markdown template (--template) gets, by kind of result (see formats.kind_of).
VIEWS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "single": view,
    "groups": group_view,
    "comparison": compare_view,
    "cluster": cluster_view,
    "plans": lambda plans: {"plans": [plan_view(p) for p in plans]},
}
