"""Word documents of plans, group reports, comparisons and clusters: headings, tables, needs and actions."""

from __future__ import annotations

from typing import Any

from lsp_check.figures import num, pct
from lsp_check.report.docx_parts import add_lists, add_needs, add_title, clean, new_document, para, table
from lsp_check.report.html_plan import HORIZONS, PLAN_INTRO
from lsp_check.report.words import partnership_name, plural

ARROWS = {"up": "▲ up", "down": "▼ down", "level": "= level"}


def add_plan(document: Any, plan: Any, level: int = 2, title: str = "Action plan") -> None:
    """The plan as a table per horizon: priority, need, action, owner and due (blank unless agreed)."""
    if title:
        document.add_heading(clean(title), level=level)
    para(document, PLAN_INTRO)
    for months, heading in HORIZONS:
        document.add_heading(heading, level=level + 1)
        rows = []
        for row in plan.horizon(months):
            agreed = row.source == "agreed"
            rows.append([str(row.rank) if row.rank is not None else "", row.need,
                         ("Agreed: " if agreed else "") + row.action, row.owner, row.due])
        if rows:
            table(document, ["Priority", "Need", "Action", "Owner", "Due"], rows, numeric=(0,))
        else:
            para(document, "Nothing planned.", italic=True)


def plans_document(plans: list[Any]) -> Any:
    """The Word document of standalone action plans, one part per partnership."""
    names = [partnership_name(p.partnership) for p in plans]
    document = new_document(f"Action plan: {names[0]}" if len(plans) == 1 else "Action plans")
    for plan, name in zip(plans, names):
        document.add_heading(clean(f"Action plan: {name}"), level=1)
        if plan.date:
            para(document, f"From the health check of {plan.date}.")
        add_plan(document, plan, level=2, title="")
    return document


def groups_document(groups: list[Any]) -> Any:
    """The Word document of group reports, one part per partnership."""
    from lsp_check.report.model import room_report

    reports = [room_report(g) for g in groups]
    document = new_document(reports[0].title if len(groups) == 1
                            else f"Partnership health checks: {plural(len(groups), 'partnership')}")
    for g, report in zip(groups, reports):
        _group(document, g, report)
    return document


def _group(document: Any, g: Any, report: Any) -> None:
    add_title(document, report)
    scored = [s for s in g.sections if s.scored]
    if scored:
        document.add_heading("Summary", level=2)
        rows = [[s.title, str(s.respondents),
                 f"{num(s.median_score)} of {num(s.max)}" if s.median_score is not None else "–",
                 f"{num(s.low_score)}–{num(s.high_score)}" if s.low_score is not None else "–",
                 pct(s.median_percent), s.band.label if s.band else "–"] for s in scored]
        rows.append(["Overall (all answers pooled)", "", "", "", pct(g.overall.percent), ""])
        table(document, ["Section", "Respondents", "Median", "Range", "Median %", "Band"], rows,
               numeric=(1, 2, 3, 4), bold_last=True)
    for s in g.sections:
        document.add_heading(clean(s.title), level=2)
        para(document, f"{plural(s.respondents, 'respondent')} answered this section.")
        if s.band:
            para(document, " " + s.band.text, bold=f"Median in band: {s.band.label}.")
        rows = [[i.text, "\n".join(f"{c.label}: {c.count}" for c in i.counts), i.median or "–", num(i.mean),
                 "disagree" if i.disagreement else ""] for i in s.items if i.counts]
        if rows:
            table(document, ["Statement", "Answers", "Median", "Mean", "Agreement"], rows, numeric=(3,))
        for i in s.items:
            if i.counts or i.kind == "choice":
                continue
            para(document, bold=i.text)
            for who, text in i.texts:
                para(document, f"{who}: {text}" if who else text, style="List Bullet")
            if not i.texts:
                para(document, "(no answers)", italic=True)
    if scored:
        add_needs(document, report)
    if g.plan and g.plan.rows:
        add_plan(document, g.plan)
    add_lists(document, report)


def _signed(value: float | None, places: str = ".1f") -> str:
    return "–" if value is None else format(value, "+" + places)


def comparison_document(c: Any) -> Any:
    """The Word document of a comparison: sections then and now, questions that moved, needs."""
    name = partnership_name(c.partnership)
    document = new_document(f"Progress since the baseline: {name}")
    document.add_heading(clean(f"Progress since the baseline: {name}"), level=1)
    para(document, f"{c.baseline.date or 'Baseline'} → {c.followup.date or 'follow-up'}")
    document.add_heading("Sections then and now", level=2)
    rows = [[m.title, pct(m.then), pct(m.now), _signed(m.change), ARROWS[m.direction], m.now_band or "–"]
            for m in c.sections]
    rows.append(["Overall", pct(c.overall_then), pct(c.overall_now), _signed(c.overall_change),
                 ARROWS[c.overall_direction], ""])
    table(document, ["Section", "Then", "Now", "Change", "Movement", "Band now"], rows, numeric=(1, 2, 3),
           bold_last=True)
    for label, titles in c.one_sided:
        para(document, f"{label}: {', '.join(titles)}.")
    moved = [m for m in c.items if m.direction != "level"]
    if moved:
        document.add_heading("Questions that moved", level=2)
        table(document, ["Question", "Then", "Now", "Change", "Movement"],
               [[m.text, m.then_answer, m.now_answer, _signed(m.change, ".2g"), ARROWS[m.direction]] for m in moved],
               numeric=(3,))
    for title, needs in (("Needs resolved", c.resolved), ("New needs", c.new), ("Needs persisting", c.persisting)):
        document.add_heading(f"{title} ({len(needs)})", level=2)
        for n in needs:
            para(document, f"{n.need} ({n.section_title})", style="List Bullet")
        if not needs:
            para(document, "None.", italic=True)
    return document


def cluster_document(c: Any) -> Any:
    """The Word document of a cluster: partnerships × sections against the median, shared needs ranked."""
    count = len(c.rows)
    document = new_document(f"Cluster of {count} partnerships")
    document.add_heading(f"Cluster of {count} partnership{'s' if count != 1 else ''}", level=1)
    document.add_heading("Partnerships by section", level=2)
    para(document, "The median respondent's percentage in each section; in brackets, points above (+) or below "
                    "(−) the cluster median.")
    rows = []
    for r in c.rows:
        cells = [pct(r.percents.get(sid)) + ("" if r.versus.get(sid) is None else f" ({r.versus[sid]:+.1f})")
                 for sid, _ in c.sections]
        rows.append([r.partnership, str(r.respondents), *cells])
    rows.append(["Cluster median", "", *(pct(c.medians.get(sid)) for sid, _ in c.sections)])
    numeric = tuple(range(1, len(c.sections) + 2))
    table(document, ["Partnership", "Respondents", *(t for _, t in c.sections)], rows, numeric=numeric,
           bold_last=True)
    document.add_heading("Shared needs", level=2)
    para(document, "Ranked by how many partnerships have them, then by how many respondents gave a weak answer.")
    table(document, ["Rank", "Need", "Partnerships", "Respondents", "Which"],
           [[str(i), s.need, f"{s.count} of {count}", str(s.respondents), ", ".join(s.partnerships)]
            for i, s in enumerate(c.shared, 1)], numeric=(0, 2, 3))
    return document
