"""The HTML report: one self-contained page (inline CSS and SVG charts, no scripts, nothing fetched).

Every figure, chart coordinate and line of wording is worked out here and in
``charts.py``; the jinja2 templates under ``templates/html/`` only lay them
out, with autoescaping on, so questionnaire and answer text is always data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lsp_check.report import RenderOptions, by_kind
from lsp_check.report.charts import bar_chart, radar, short_name, tone
from lsp_check.report.html_groups import group_view
from lsp_check.report.html_plan import plan_view, plans_view
from lsp_check.report.html_programmes import cluster_view, compare_view
from lsp_check.figures import num, pct
from lsp_check.score.result import Flag, Missing, Need, Result, SectionResult

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Sections drawn as a radar of their item scores, beside their table.
RADAR_SECTIONS = ("smarter-partnerships",)
MARKERS = {"weak": "▲", "tracked": "◆"}


def environment(search_path: Iterable[Path] = (TEMPLATES,)) -> Any:
    """A jinja2 environment for HTML: autoescaped, and strict about undefined names."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def result_view(result: Result) -> dict[str, Any]:
    """The finished figures, chart geometry and wording for one answers file's HTML report."""
    meta = [f"Date: {result.date}" if result.date else "", f"Respondent: {result.respondent}" if result.respondent else ""]
    o = result.overall
    missing = o.questions - o.answered
    partnership = result.partnership or "(partnership not named)"
    return {
        "kind": "result",
        "title": f"Partnership health check: {partnership}",
        "partnership": partnership,
        "meta": " · ".join(m for m in meta if m),
        "date": result.date,
        "respondent": result.respondent,
        "missing_line": (
            f"{missing} question{'s' if missing != 1 else ''} unanswered: scores are out of the questions answered."
            if missing else ""
        ),
        "any_scored": any(s.scored for s in result.sections),
        "overall": {"score": num(o.score), "max": num(o.max), "percent": pct(o.percent), "tone": tone(o.percent),
                    "missing": missing},
        "sections": [_section(s) for s in result.sections],
        "bars": bar_chart(result.sections),
        "needs": [_need(i, need) for i, need in enumerate(result.needs, 1)],
        "low": [_flag(f) for f in result.low],
        "tracked": [_flag(f) for f in result.tracked],
        "unanswered": [_missing(m) for m in result.unanswered],
        "legend": bool(result.needs or result.low or result.tracked),
        "plan": plan_view(result.plan) if result.plan and result.plan.rows else None,
    }


def _section(section: SectionResult) -> dict[str, Any]:
    rows = []
    for number, item in enumerate(section.items, 1):
        answered = bool(item.answer or item.items)
        rows.append({
            "number": number,
            "name": short_name(item),
            "text": item.text,
            "kind": item.kind,
            "answer": "; ".join(item.items) if item.kind == "list" else item.answer or "(unanswered)",
            "entries": list(item.items),
            "answered": answered,
            "score": num(item.score) if item.score is not None else "–",
            "level": item.level or "",
            "marker": MARKERS.get(item.level or "", ""),
            "note": item.note,
        })
    band = section.band
    return {
        "id": section.id,
        "title": section.title,
        "description": section.description,
        "scored": section.scored,
        "score": num(section.score),
        "max": num(section.max),
        "percent": pct(section.percent),
        "tone": tone(section.percent),
        "score_line": f"Score: {num(section.score)} out of a possible {num(section.max)} ({pct(section.percent)}).",
        "missing_line": f"{section.missing} unanswered." if section.missing else "",
        "band_label": band.label + (" (estimated from the questions answered)" if section.band_estimated else "")
        if band else "",
        "band_text": band.text if band else "",
        "rows": rows,
        "radar": radar(section) if section.id in RADAR_SECTIONS and section.scored else None,
    }


def _need(number: int, need: Need) -> dict[str, Any]:
    return {
        "number": number,
        "need": need.need,
        "section_title": need.section_title,
        "question_text": need.question_text,
        "answer": need.answer,
        "urgent": need.level == "action-needed",
        "actions": list(need.actions),
        "note": need.note,
    }


def _flag(flag: Flag) -> dict[str, Any]:
    return {"section_title": flag.section_title, "question_text": flag.question_text, "answer": flag.answer,
            "note": flag.note}


def _missing(m: Missing) -> dict[str, Any]:
    return {"section_title": m.section_title, "question_text": m.question_text}


def render_result(result: Result, options: RenderOptions) -> str:
    """Render the HTML report of one answers file."""
    return environment().get_template("html/result.html.j2").render(**result_view(result))


def render_groups(groups: list[Any], options: RenderOptions) -> str:
    """Render the HTML report of groups of respondents, one part per partnership."""
    return environment().get_template("html/group.html.j2").render(**group_view(groups))


def _page(template: str, view: Callable[[Any], dict[str, Any]]) -> Callable[[Any, RenderOptions], str]:
    def render_page(result: Any, options: RenderOptions) -> str:
        return environment().get_template(template).render(**view(result))

    render_page.__doc__ = f"Render a result's HTML page through {template}."
    return render_page


# The view a user's own HTML template (--template) gets, by kind of result.
VIEWS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "single": result_view,
    "groups": group_view,
    "comparison": compare_view,
    "cluster": cluster_view,
    "plans": plans_view,
}
render = by_kind("html", {
    "single": render_result,
    "groups": render_groups,
    "comparison": _page("html/compare.html.j2", compare_view),
    "cluster": _page("html/cluster.html.j2", cluster_view),
    "plans": _page("html/plan.html.j2", plans_view),
})
