"""The HTML view of group reports: one part per partnership, with distributions drawn beside their counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from lsp_check.figures import num, pct
from lsp_check.report.charts import distribution, percent_bars
from lsp_check.report.html_plan import plan_view
from lsp_check.report.words import plural

if TYPE_CHECKING:
    from lsp_check.report.model import Report
    from lsp_check.score.room import GroupResult, GroupSection


def group_view(groups: Sequence[GroupResult]) -> dict[str, object]:
    """The finished figures, charts and wording of group reports (one per partnership)."""
    views = [_group(g, f"g{i}") for i, g in enumerate(groups, 1)]
    title = (cast("Report", views[0]["report"]).title if len(views) == 1
             else f"Partnership health checks: {plural(len(views), 'partnership')}")
    return {"kind": "groups", "title": title, "groups": views}


def _group(g: GroupResult, gid: str) -> dict[str, object]:
    from lsp_check.report.model import room_report

    report = room_report(g)
    scored = [s for s in g.sections if s.scored]
    summary = [{
        "title": s.title,
        "respondents": s.respondents,
        "median": f"{num(s.median_score)} of {num(s.max)}" if s.median_score is not None else "–",
        "range": f"{num(s.low_score)}–{num(s.high_score)}" if s.low_score is not None else "–",
        "percent": pct(s.median_percent),
        "band": s.band.label if s.band else s.status if not s.covered else "–",
    } for s in scored]
    return {
        "id": gid,
        "report": report,
        "partnership": report.partnership,
        "scored": bool(scored),
        "summary": summary,
        "overall_percent": pct(g.overall.percent),
        "bars": percent_bars([(s.title, s.band.label if s.band else "", s.median_percent) for s in scored]),
        "sections": [_section(s, f"{gid}-s{i}") for i, s in enumerate(g.sections, 1)],
        "plan": plan_view(g.plan) if g.plan and g.plan.rows else None,
    }


def _section(s: GroupSection, sid: str) -> dict[str, object]:
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
        "title": s.title,
        "description": s.description,
        "scored": s.scored,
        "respondents_line": f"{plural(s.respondents, 'respondent')} answered this section."
        + (f" {s.coverage_note}" if s.coverage_note else ""),
        "band_label": s.band.label if s.band else "",
        "band_text": s.band.text if s.band else "",
        "rows": rows,
        "texts": texts,
    }
