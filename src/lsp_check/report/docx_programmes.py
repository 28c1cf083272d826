"""Word documents of plans, group reports, comparisons and clusters: headings, tables, needs and actions."""

from __future__ import annotations

from typing import Any

from lsp_check.report.docx import _clean, _new_document, _para, _table
from lsp_check.report.html_plan import HORIZONS, PLAN_INTRO
from lsp_check.figures import num, pct

ARROWS = {"up": "▲ up", "down": "▼ down", "level": "= level"}


def add_plan(document: Any, plan: Any, level: int = 2, title: str = "Action plan") -> None:
    """The plan as a table per horizon: priority, need, action, owner and due (blank unless agreed)."""
    if title:
        document.add_heading(_clean(title), level=level)
    _para(document, PLAN_INTRO)
    for months, heading in HORIZONS:
        document.add_heading(heading, level=level + 1)
        rows = []
        for row in plan.horizon(months):
            agreed = row.source == "agreed"
            rows.append([str(row.rank) if row.rank is not None else "", row.need,
                         ("Agreed: " if agreed else "") + row.action, row.owner, row.due])
        if rows:
            _table(document, ["Priority", "Need", "Action", "Owner", "Due"], rows, numeric=(0,))
        else:
            _para(document, "Nothing planned.", italic=True)


def plans_document(plans: list[Any]) -> Any:
    """The Word document of standalone action plans, one part per partnership."""
    names = [p.partnership or "(partnership not named)" for p in plans]
    document = _new_document(f"Action plan: {names[0]}" if len(plans) == 1 else "Action plans")
    for plan, name in zip(plans, names):
        document.add_heading(_clean(f"Action plan: {name}"), level=1)
        if plan.date:
            _para(document, f"From the health check of {plan.date}.")
        add_plan(document, plan, level=2, title="")
    return document


def groups_document(groups: list[Any]) -> Any:
    """The Word document of group reports, one part per partnership."""
    names = [g.partnership or "(partnership not named)" for g in groups]
    document = _new_document(f"Partnership health check: {names[0]}" if len(groups) == 1
                             else "Partnership health checks")
    for g, name in zip(groups, names):
        _group(document, g, name)
    return document


def _group(document: Any, g: Any, name: str) -> None:
    document.add_heading(_clean(f"Partnership health check: {name}"), level=1)
    meta = f"{g.respondents} respondent{'s' if g.respondents != 1 else ''}"
    if g.dates:
        meta += " · " + (g.dates[0] if len(g.dates) == 1 else f"{g.dates[0]} to {g.dates[-1]}")
    _para(document, meta)
    if g.names:
        _para(document, ", ".join(g.names), bold="Respondents: ")
    scored = [s for s in g.sections if s.scored]
    if scored:
        document.add_heading("Summary", level=2)
        rows = [[s.title, str(s.respondents),
                 f"{num(s.median_score)} of {num(s.max)}" if s.median_score is not None else "–",
                 f"{num(s.low_score)}–{num(s.high_score)}" if s.low_score is not None else "–",
                 pct(s.median_percent), s.band.label if s.band else "–"] for s in scored]
        rows.append(["Overall (all answers pooled)", "", "", "", pct(g.overall.percent), ""])
        _table(document, ["Section", "Respondents", "Median", "Range", "Median %", "Band"], rows,
               numeric=(1, 2, 3, 4), bold_last=True)
    for s in g.sections:
        document.add_heading(_clean(s.title), level=2)
        _para(document, f"{s.respondents} respondent{'s' if s.respondents != 1 else ''} answered this section.")
        if s.band:
            _para(document, " " + s.band.text, bold=f"Median in band: {s.band.label}.")
        rows = [[i.text, "\n".join(f"{c.label}: {c.count}" for c in i.counts), i.median or "–", num(i.mean),
                 "disagree" if i.disagreement else ""] for i in s.items if i.counts]
        if rows:
            _table(document, ["Statement", "Answers", "Median", "Mean", "Agreement"], rows, numeric=(3,))
        for i in s.items:
            if i.counts or i.kind == "choice":
                continue
            _para(document, bold=i.text)
            for who, text in i.texts:
                _para(document, f"{who}: {text}" if who else text, style="List Bullet")
            if not i.texts:
                _para(document, "(no answers)", italic=True)
    if scored:
        document.add_heading("Overall Record", level=2)
        _para(document, "These are the needs identified and actions worth considering:" if g.needs
              else "No answers raised a need.")
        for n, d in enumerate(g.needs, 1):
            document.add_heading(_clean(f"{n}. {d.need}" + (" (high priority)" if d.priority == "high" else "")),
                                 level=3)
            detail = (f"{d.section_title}: \u201c{d.question_text}\u201d: median answer {d.answer}; "
                      f"{d.weak} of {d.responses} weak" + ("; answers disagree" if d.disagreement else "") + ".")
            _para(document, detail, italic=True)
            for action in d.actions:
                _para(document, action, style="List Bullet")
    if g.plan and g.plan.rows:
        add_plan(document, g.plan)
    for title, flags in (("Low answers", g.low), ("Action in hand", g.tracked), ("Answered by nobody", g.unanswered)):
        if flags:
            document.add_heading(title, level=2)
            for f in flags:
                _para(document, f"{f.section_title}: {f.question_text}" + (f": median {f.answer}" if f.answer else ""),
                      style="List Bullet")


def _signed(value: float | None, places: str = ".1f") -> str:
    return "–" if value is None else format(value, "+" + places)


def comparison_document(c: Any) -> Any:
    """The Word document of a comparison: sections then and now, questions that moved, needs."""
    name = c.partnership or "(partnership not named)"
    document = _new_document(f"Progress since the baseline: {name}")
    document.add_heading(_clean(f"Progress since the baseline: {name}"), level=1)
    _para(document, f"{c.baseline.date or 'Baseline'} → {c.followup.date or 'follow-up'}")
    document.add_heading("Sections then and now", level=2)
    rows = [[m.title, pct(m.then), pct(m.now), _signed(m.change), ARROWS[m.direction], m.now_band or "–"]
            for m in c.sections]
    rows.append(["Overall", pct(c.overall_then), pct(c.overall_now), _signed(c.overall_change),
                 ARROWS[c.overall_direction], ""])
    _table(document, ["Section", "Then", "Now", "Change", "Movement", "Band now"], rows, numeric=(1, 2, 3),
           bold_last=True)
    for label, titles in c.one_sided:
        _para(document, f"{label}: {', '.join(titles)}.")
    moved = [m for m in c.items if m.direction != "level"]
    if moved:
        document.add_heading("Questions that moved", level=2)
        _table(document, ["Question", "Then", "Now", "Change", "Movement"],
               [[m.text, m.then_answer, m.now_answer, _signed(m.change, ".2g"), ARROWS[m.direction]] for m in moved],
               numeric=(3,))
    for title, needs in (("Needs resolved", c.resolved), ("New needs", c.new), ("Needs persisting", c.persisting)):
        document.add_heading(f"{title} ({len(needs)})", level=2)
        for n in needs:
            _para(document, f"{n.need} ({n.section_title})", style="List Bullet")
        if not needs:
            _para(document, "None.", italic=True)
    return document


def cluster_document(c: Any) -> Any:
    """The Word document of a cluster: partnerships × sections against the median, shared needs ranked."""
    count = len(c.rows)
    document = _new_document(f"Cluster of {count} partnerships")
    document.add_heading(f"Cluster of {count} partnership{'s' if count != 1 else ''}", level=1)
    document.add_heading("Partnerships by section", level=2)
    _para(document, "The median respondent's percentage in each section; in brackets, points above (+) or below "
                    "(−) the cluster median.")
    rows = []
    for r in c.rows:
        cells = [pct(r.percents.get(sid)) + ("" if r.versus.get(sid) is None else f" ({r.versus[sid]:+.1f})")
                 for sid, _ in c.sections]
        rows.append([r.partnership, str(r.respondents), *cells])
    rows.append(["Cluster median", "", *(pct(c.medians.get(sid)) for sid, _ in c.sections)])
    numeric = tuple(range(1, len(c.sections) + 2))
    _table(document, ["Partnership", "Respondents", *(t for _, t in c.sections)], rows, numeric=numeric,
           bold_last=True)
    document.add_heading("Shared needs", level=2)
    _para(document, "Ranked by how many partnerships have them, then by how many respondents gave a weak answer.")
    _table(document, ["Rank", "Need", "Partnerships", "Respondents", "Which"],
           [[str(i), s.need, f"{s.count} of {count}", str(s.respondents), ", ".join(s.partnerships)]
            for i, s in enumerate(c.shared, 1)], numeric=(0, 2, 3))
    return document
