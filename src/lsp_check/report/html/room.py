"""The HTML view of group reports: one part per partnership, with distributions drawn beside their counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from lsp_check.figures import num
from lsp_check.report.html.charts import distribution, percent_bars
from lsp_check.report.html.plan import plan_view
from lsp_check.report.model.words import plural

if TYPE_CHECKING:
    from lsp_check.report.model.health import Report, SectionPart
    from lsp_check.score.room import GroupResult, GroupSection


def group_view(groups: Sequence[GroupResult]) -> dict[str, object]:
    """The finished figures, charts and wording of group reports (one per partnership)."""
    views = [_group(g, f"g{i}") for i, g in enumerate(groups, 1)]
    title = (cast("Report", views[0]["report"]).title if len(views) == 1
             else f"Partnership health checks: {plural(len(views), 'partnership')}")
    return {"kind": "groups", "title": title, "groups": views}


def _group(g: GroupResult, gid: str) -> dict[str, object]:
    from lsp_check.report.model.health import room_report

    report = room_report(g)
    scored = [s for s in g.sections if s.scored]
    summary = [{
        "title": p.title,
        "respondents": p.respondents,
        "median": p.score_of,
        "range": p.range,
        "percent": p.percent,
        "band": p.band_cell,
    } for p in report.sections if p.scored]
    return {
        "id": gid,
        "report": report,
        "partnership": report.partnership,
        "scored": bool(scored),
        "summary": summary,
        "overall_percent": report.overall.percent,
        "bars": percent_bars([(s.title, s.band.label if s.band else "", s.median_percent) for s in scored]),
        "sections": [_section(s, part, f"{gid}-s{i}") for i, (s, part) in enumerate(zip(g.sections, report.sections), 1)],
        "plan": plan_view(g.plan) if g.plan and g.plan.rows else None,
    }


def _section(s: GroupSection, part: SectionPart, sid: str) -> dict[str, object]:
    rows = []
    for number, i in enumerate((i for i in s.items if i.counts), 1):
        rows.append({
            "id": f"{sid}-q{number}",
            "text": i.text,
            "chart": distribution([(c.label, c.level, c.chosen) for c in i.counts]),
            "counts": [{"label": c.label, "count": c.chosen} for c in i.counts],
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
        "title": part.title,
        "description": part.description,
        "scored": part.scored,
        "respondents_line": part.score_line,
        "band_label": part.band_heading,
        "band_text": part.band_text,
        "rows": rows,
        "texts": texts,
    }
