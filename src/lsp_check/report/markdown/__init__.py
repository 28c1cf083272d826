"""The Markdown report: a write-up a facilitator can send, rendered by a jinja2 template."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

from lsp_check.figures import num
from lsp_check.report import RenderOptions, by_kind
from lsp_check.report.markdown.escape import md, md_block, md_cell
from lsp_check.report.model.health import SectionPart
from lsp_check.score.result import Result, SectionResult

if TYPE_CHECKING:
    import jinja2

    from lsp_check.score.cluster import Cluster
    from lsp_check.score.compare import Comparison
    from lsp_check.score.plan import Plan, Plans
    from lsp_check.score.room import GroupResult, Rooms
    from lsp_check.score.sectors import Sectors
    from lsp_check.score.trend import Trend

R = TypeVar("R")

TEMPLATES = Path(__file__).resolve().parent / "templates"


def environment(search_path: Iterable[Path] = ()) -> jinja2.Environment:
    """A jinja2 environment where every ``{{ value }}`` is Markdown-escaped unless marked safe.

    Templates are looked for in ``search_path`` first, then among the bundled ones.
    """
    import jinja2
    from markupsafe import Markup

    def finalize(value: object) -> object:
        if isinstance(value, Markup) or not isinstance(value, str):
            return value
        return md(value)

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*(str(p) for p in search_path), str(TEMPLATES)]),
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


def view(result: Result) -> dict[str, object]:
    """The finished figures and wording a template needs; templates only lay them out."""
    from lsp_check.report.model.health import single_report

    report = single_report(result)
    missing = result.overall.questions - result.overall.answered
    return {
        "kind": "result",
        "report": report,
        "partnership": report.partnership,
        "meta": " · ".join(report.lines),
        "missing_line": report.summary_note,
        "date": result.date,
        "respondent": result.respondent,
        "sections": [_section(s, part) for s, part in zip(result.sections, report.sections)],
        "overall": {
            "score": report.overall.score,
            "max": report.overall.out_of,
            "percent": report.overall.percent,
            "missing": missing,
        },
        "needs": result.needs,
        "tracked": result.tracked,
        "low": result.low,
        "unanswered": result.unanswered,
        "any_scored": any(s.scored for s in result.sections),
        "plan": plan_view(result.plan, "###") if result.plan and result.plan.rows else None,
    }


def _section(section: SectionResult, part: SectionPart) -> dict[str, object]:
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
    return {
        "score_line": part.score_line,
        "missing_line": part.missing_line,
        "band_line": part.band_heading,
        "id": part.id,
        "title": part.title,
        "description": part.description,
        "scored": part.scored,
        "score": part.score,
        "max": part.out_of,
        "percent": part.percent,
        "missing": section.missing,
        "band": section.band,
        "band_estimated": section.band_estimated,
        "band_cell": part.band_cell,
        "rows": answers,
    }


def plan_view(plan: Plan, heading: str = "##") -> dict[str, object]:
    """The plan's report model by horizon, with the Markdown heading level its template starts at."""
    from markupsafe import Markup

    from lsp_check.report.model.plan import plan_report

    report = plan_report(plan)
    return {"report": report, "partnership": report.partnership, "date": report.date,
            "horizons": report.horizons, "heading": Markup(heading)}


def group_view(groups: Sequence[GroupResult]) -> dict[str, object]:
    """The finished wording of group reports (one per partnership) for the group template."""
    return {"groups": [_group(g) for g in groups]}


def _group(g: GroupResult) -> dict[str, object]:
    from lsp_check.report.model.health import room_report

    report = room_report(g)
    sections = []
    for s, part in zip(g.sections, report.sections):
        rows = [
            {
                "text": i.text,
                "distribution": " · ".join(f"{c.label} {c.chosen}" for c in i.counts),
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
            "title": part.title,
            "scored": part.scored,
            "respondents": s.respondents,
            "respondents_line": part.score_line,
            "median": part.score_of,
            "range": part.range,
            "percent": part.percent,
            "band": part.band_cell,
            "band_line": bool(part.band_heading),
            "band_label": part.band_heading,
            "band_text": part.band_text,
            "rows": rows,
            "texts": texts,
        })
    return {
        "report": report,
        "partnership": report.partnership,
        "lines": report.lines,
        "scored": any(s.scored for s in g.sections),
        "sections": sections,
        "overall_percent": report.overall.percent,
        "plan": plan_view(g.plan, "###") if g.plan and g.plan.rows else None,
    }


def compare_view(c: Comparison) -> dict[str, object]:
    """The comparison's report model, under the names its template uses."""
    from lsp_check.report.model.compare import comparison_report

    r = comparison_report(c)
    return {"report": r, "partnership": r.partnership, "dates": r.dates, "partnerships_note": r.partnerships_note,
            "sections": r.sections,
            "overall": r.overall, "only": r.notes, "moved": r.moved, "need_blocks": r.need_groups}


def cluster_view(c: Cluster) -> dict[str, object]:
    """The cluster's report model, under the names its template uses."""
    from lsp_check.report.model.compare import cluster_report

    r = cluster_report(c)
    return {"report": r, "count": r.partnership_count, "section_titles": r.section_titles, "rows": r.rows,
            "medians": r.medians, "shared": r.shared}


def sectors_view(result: Sectors) -> dict[str, object]:
    """Sectors side by side: one report model per partnership (report/model_sectors.py)."""
    from lsp_check.report.model.sectors import sectors_reports

    return {"reports": sectors_reports(result)}


def trend_view(t: Trend) -> dict[str, object]:
    """The trend's report model, under the name its template uses."""
    from lsp_check.report.model.trend import trend_report

    return {"report": trend_report(t)}


def _rooms_view(rooms: Rooms) -> dict[str, object]:
    return group_view(rooms.groups)


def _plans_view(plans: Plans) -> dict[str, object]:
    return {"plans": [plan_view(p) for p in plans.plans]}


def _page(template: str, view: Callable[[R], dict[str, object]]) -> Callable[[R, RenderOptions], str]:
    def render_page(result: R, options: RenderOptions) -> str:
        return environment().get_template(template).render(**view(result))

    render_page.__doc__ = f"Render a result's Markdown through {template}."
    return render_page


# The view a user's own Markdown template (--template) gets, by kind of result (see formats.kind_of).
# Like the renderers, each view takes its own kind of result (usertemplate.py looks it up by kind).
VIEWS: dict[str, Callable[[NoReturn], dict[str, object]]] = {
    "single": view,
    "groups": _rooms_view,
    "comparison": compare_view,
    "cluster": cluster_view,
    "plans": _plans_view,
    "trend": trend_view,
}
render = by_kind("markdown", {
    "single": _page("report.md.j2", view),
    "groups": _page("group.md.j2", _rooms_view),
    "comparison": _page("compare.md.j2", compare_view),
    "cluster": _page("cluster.md.j2", cluster_view),
    "plans": _page("plan.md.j2", _plans_view),
    "sectors": _page("sectors.md.j2", sectors_view),
    "trend": _page("trend.md.j2", trend_view),
})
