"""The HTML report: one self-contained page (inline CSS and SVG charts, no scripts, nothing fetched).

Every figure, chart coordinate and line of wording is worked out here and in
``charts.py``; the jinja2 templates under ``templates/`` only lay them
out, with autoescaping on, so questionnaire and answer text is always data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

from lsp_check.figures import num, pct
from lsp_check.report import RenderOptions, by_kind
from lsp_check.report.html.charts import bar_chart, radar, short_name, tone
from lsp_check.report.html.compare import cluster_view, compare_view
from lsp_check.report.html.plan import plan_view, plans_view
from lsp_check.report.html.room import group_view
from lsp_check.report.html.sectors import sectors_view
from lsp_check.report.html.trend import trend_view
from lsp_check.report.model.health import SectionPart
from lsp_check.score.result import Result, SectionResult

if TYPE_CHECKING:
    import jinja2

    from lsp_check.score.plan import Plans
    from lsp_check.score.room import Rooms

R = TypeVar("R")

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Sections drawn as a radar of their item scores, beside their table.
RADAR_SECTIONS = ("smarter-partnerships",)
MARKERS = {"weak": "▲", "tracked": "◆"}


def environment(search_path: Iterable[Path] = ()) -> jinja2.Environment:
    """A jinja2 environment for HTML: autoescaped, and strict about undefined names.

    Templates are looked for in ``search_path`` first, then among the bundled ones, named ``html/NAME``.
    """
    import jinja2

    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader([str(p) for p in search_path]),
                                    jinja2.PrefixLoader({"html": jinja2.FileSystemLoader(str(TEMPLATES))})]),
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def result_view(result: Result) -> dict[str, object]:
    """The finished figures, chart geometry and wording for one answers file's HTML report."""
    from lsp_check.report.model.health import single_report

    report = single_report(result)
    o = result.overall
    missing = o.questions - o.answered
    return {
        "kind": "result",
        "report": report,
        "title": report.title,
        "partnership": report.partnership,
        "meta": " · ".join(report.lines),
        "date": result.date,
        "respondent": result.respondent,
        "missing_line": report.summary_note,
        "any_scored": any(s.scored for s in result.sections),
        "overall": {"score": num(o.score), "max": num(o.max), "percent": pct(o.percent), "tone": tone(o.percent),
                    "missing": missing},
        "sections": [_section(s, part) for s, part in zip(result.sections, report.sections)],
        "bars": bar_chart(result.sections),
        "needs": report.needs,
        "low": result.low,
        "tracked": result.tracked,
        "unanswered": result.unanswered,
        "legend": bool(report.legend),
        "plan": plan_view(result.plan) if result.plan and result.plan.rows else None,
    }


def _section(section: SectionResult, part: SectionPart) -> dict[str, object]:
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
    return {
        "id": part.id,
        "title": part.title,
        "description": part.description,
        "scored": part.scored,
        "score": part.score,
        "max": part.out_of,
        "percent": part.percent,
        "tone": tone(part.percent_value),
        "score_line": part.score_line,
        "missing_line": part.missing_line,
        "band_label": part.band_heading,
        "band_cell": part.band_cell,
        "band_text": part.band_text,
        "rows": rows,
        "radar": radar(section) if section.id in RADAR_SECTIONS and section.scored else None,
    }


def render_result(result: Result, options: RenderOptions) -> str:
    """Render the HTML report of one answers file."""
    return environment().get_template("html/result.html.j2").render(**result_view(result))


def render_groups(groups: Rooms, options: RenderOptions) -> str:
    """Render the HTML report of groups of respondents, one part per partnership."""
    return environment().get_template("html/group.html.j2").render(**group_view(groups.groups))


def _rooms_view(rooms: Rooms) -> dict[str, object]:
    return group_view(rooms.groups)


def _plans_view(plans: Plans) -> dict[str, object]:
    return plans_view(plans.plans)


def _page(template: str, view: Callable[[R], dict[str, object]]) -> Callable[[R, RenderOptions], str]:
    def render_page(result: R, options: RenderOptions) -> str:
        return environment().get_template(template).render(**view(result))

    render_page.__doc__ = f"Render a result's HTML page through {template}."
    return render_page


# The view a user's own HTML template (--template) gets, by kind of result.
# Like the renderers, each view takes its own kind of result (usertemplate.py looks it up by kind).
VIEWS: dict[str, Callable[[NoReturn], dict[str, object]]] = {
    "single": result_view,
    "groups": _rooms_view,
    "comparison": compare_view,
    "cluster": cluster_view,
    "plans": _plans_view,
    "trend": trend_view,
}
render = by_kind("html", {
    "single": render_result,
    "groups": render_groups,
    "comparison": _page("html/compare.html.j2", compare_view),
    "cluster": _page("html/cluster.html.j2", cluster_view),
    "plans": _page("html/plan.html.j2", _plans_view),
    "sectors": _page("html/sectors.html.j2", sectors_view),
    "trend": _page("html/trend.html.j2", trend_view),
})
