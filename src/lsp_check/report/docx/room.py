"""Word documents of plans, group reports, comparisons and clusters: headings, tables, needs and actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.figures import num
from lsp_check.report.docx.parts import add_lists, add_needs, add_title, clean, new_document, para, table
from lsp_check.report.model.compare import cluster_report, comparison_report
from lsp_check.report.model.plan import NOTHING_PLANNED, plan_report, plans_title
from lsp_check.report.model.words import plural

if TYPE_CHECKING:
    from docx.document import Document

    from lsp_check.report.model.health import Report
    from lsp_check.score.cluster import Cluster
    from lsp_check.score.compare import Comparison
    from lsp_check.score.plan import Plan, Plans
    from lsp_check.score.room import GroupResult, Rooms


def add_plan(document: Document, plan: Plan, level: int = 2, title: str = "Action plan") -> None:
    """The plan's report model as a table per horizon: priority, need, action, owner and due (blank unless agreed)."""
    report = plan_report(plan)
    if title:
        document.add_heading(clean(title), level=level)
    para(document, report.intro)
    for h in report.horizons:
        document.add_heading(h.title, level=level + 1)
        rows = [["", "", "Agreed: " + a.action, a.owner, a.due] for a in h.agreed]
        rows += [[str(need.rank) if need.rank is not None else "", need.need, a.action, "", ""]
                 for need in h.needs for a in need.actions]
        if rows:
            table(document, ["Priority", "Need", "Action", "Owner", "Due"], rows, numeric=(0,))
        else:
            para(document, NOTHING_PLANNED, italic=True)


def plans_document(result: Plans) -> Document:
    """The Word document of standalone action plans, one part per partnership."""
    plans = list(result.plans)
    reports = tuple(plan_report(p) for p in plans)
    document = new_document(plans_title(reports))
    for plan, report in zip(plans, reports):
        document.add_heading(clean(report.title), level=1)
        if report.date_line:
            para(document, report.date_line)
        add_plan(document, plan, level=2, title="")
    return document


def groups_document(rooms: Rooms) -> Document:
    """The Word document of group reports, one part per partnership."""
    groups = list(rooms.groups)
    from lsp_check.report.model.health import room_report

    reports = [room_report(g) for g in groups]
    document = new_document(reports[0].title if len(groups) == 1
                            else f"Partnership health checks: {plural(len(groups), 'partnership')}")
    for g, report in zip(groups, reports):
        _group(document, g, report)
    return document


def _group(document: Document, g: GroupResult, report: Report) -> None:
    add_title(document, report)
    scored = [part for part in report.sections if part.scored]
    if scored:
        document.add_heading("Summary", level=2)
        rows = [[p.title, p.respondents, p.score_of, p.range, p.percent,
                 p.band_cell] for p in scored]
        rows.append([report.overall.title, "", "", "", report.overall.percent, ""])
        table(document, ["Section", "Respondents", "Median", "Range", "Median %", "Band"], rows,
              numeric=(1, 2, 3, 4), bold_last=True)
        para(document, report.summary_note)
    for s, part in zip(g.sections, report.sections):
        document.add_heading(clean(part.title), level=2)
        para(document, part.score_line)
        if part.band_heading:
            para(document, " " + part.band_text, bold=f"Median in band: {part.band_heading}.")
        rows = [[i.text, "\n".join(f"{c.label}: {c.chosen}" for c in i.counts), i.median or "–", num(i.mean),
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


def comparison_document(c: Comparison) -> Document:
    """The Word document of a comparison's report model: sections then and now, questions that moved, needs."""
    r = comparison_report(c)
    document = new_document(r.title)
    document.add_heading(clean(r.title), level=1)
    para(document, r.dates)
    if r.partnerships_note:
        para(document, r.partnerships_note)
    document.add_heading("Sections then and now", level=2)
    rows = [[m.title, m.then, m.now, m.change, f"{m.arrow} {m.word}", m.band] for m in (*r.sections, r.overall)]
    table(document, ["Section", "Then", "Now", "Change", "Movement", "Band now"], rows, numeric=(1, 2, 3),
          bold_last=True)
    for line in r.notes:
        para(document, line)
    if r.moved:
        document.add_heading(r.moved_title, level=2)
        table(document, ["Question", "Then", "Now", "Change", "Movement"],
              [[m.text, m.then, m.now, m.change, f"{m.arrow} {m.word}"] for m in r.moved], numeric=(3,))
    for group in r.need_groups:
        document.add_heading(f"{group.title} ({group.total})", level=2)
        for need in group.needs:
            para(document, need.line, style="List Bullet")
        if not group.needs:
            para(document, "None.", italic=True)
    return document


def cluster_document(c: Cluster) -> Document:
    """The Word document of a cluster's report model: partnerships × sections against the median, shared needs."""
    r = cluster_report(c)
    document = new_document(r.title)
    document.add_heading(clean(r.title), level=1)
    document.add_heading("Partnerships by section", level=2)
    para(document, r.table_note)
    rows = [[row.partnership, str(row.respondents), *(cell.text for cell in row.cells)] for row in r.rows]
    rows.append(["Cluster median", "", *r.medians])
    numeric = tuple(range(1, len(r.section_titles) + 2))
    table(document, ["Partnership", "Respondents", *r.section_titles], rows, numeric=numeric, bold_last=True)
    document.add_heading(r.shared_title, level=2)
    para(document, r.shared_intro)
    table(document, ["Rank", "Need", "Partnerships", "Respondents", "Which"],
          [[str(s.rank), s.need, s.partnerships, str(s.respondents), s.which] for s in r.shared], numeric=(0, 2, 3))
    return document
