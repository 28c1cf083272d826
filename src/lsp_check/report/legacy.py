"""The names user templates (--template) were given before they were given the report model, kept for one release.

Until this release a template's variables were a *view* per format: ``partnership``, ``sections``, ``needs``,
``groups`` and the rest (docs/templates.md, "Names from earlier releases"). Templates are now given the report
model itself as ``report``; so that a template written for the old names keeps working for one more release,
``names`` builds them again, from the model, beside ``report``. The bundled templates use none of them. This
module goes in the next release.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from lsp_check.report.model.cluster import ClusterReport
    from lsp_check.report.model.compare import ComparisonReport
    from lsp_check.report.model.health import Report, SectionPart
    from lsp_check.report.model.plan import PlanReport, PlansReport
    from lsp_check.report.model.room import RoomsReport
    from lsp_check.report.model.trend import TrendReport

Names = dict[str, object]


def names(fmt: str, kind: str, model: object) -> Names:
    """The earlier release's variables of a ``fmt`` ("markdown" or "html") template of this kind of report."""
    html = fmt == "html"
    if kind == "single":
        return _single(cast("Report", model), html)
    if kind == "room":
        return _rooms(cast("RoomsReport", model), html)
    if kind == "comparison":
        return _comparison(cast("ComparisonReport", model), html)
    if kind == "cluster":
        r = cast("ClusterReport", model)
        found: Names = {"count": r.partnership_count, "section_titles": r.section_titles, "rows": r.rows,
                        "medians": r.medians, "shared": r.shared}
        return {"kind": "cluster", "title": r.title, **found} if html else found
    if kind == "plans":
        plans = cast("PlansReport", model)
        listed = [_plan(p, html, "##") for p in plans.reports]
        return {"kind": "plans", "title": plans.title, "plans": listed} if html else {"plans": listed}
    if kind == "trend" and html:
        t = cast("TrendReport", model)
        return {"kind": "trend", "title": t.title, "partnership": t.partnership, "chart": _drawn(t.chart),
                "chart_title": t.chart.title if t.chart else ""}
    return {}


def _drawn(chart: object) -> object:
    from lsp_check.report.html.charts import draw
    from lsp_check.report.model.chart import Chart

    return draw(chart) if isinstance(chart, Chart) else None


def _single(report: Report, html: bool) -> Names:
    o = report.overall
    overall: Names = {"score": o.score, "max": o.out_of, "percent": o.percent, "missing": o.missing}
    found: Names = {
        "kind": "result", "partnership": report.partnership, "meta": report.meta, "missing_line": report.summary_note,
        "date": report.date, "respondent": report.respondent, "any_scored": report.scored,
        "sections": [_section(s, html) for s in report.sections],
        "low": _listed(report, "low"), "tracked": _listed(report, "tracked"),
        "unanswered": _listed(report, "unanswered"),
        "plan": _plan(report.plan, html, "###") if report.plan else None,
    }
    if html:
        overall["tone"] = o.tone
        found.update(title=report.title, overall=overall, needs=report.needs, legend=bool(report.legend),
                     bars=_drawn(report.summary_chart))
    else:
        found.update(overall=overall, needs=[_need(n) for n in report.needs])
    return found


def _section(s: SectionPart, html: bool) -> Names:
    rows = []
    for row in s.rows:
        entry: Names = {"text": row.text, "kind": row.kind, "answer": "; ".join(e.line for e in row.entries) or row.answer,
                        "entries": [e.line for e in row.entries], "answered": row.answered, "level": row.level,
                        "note": " ".join(n.text for n in row.notes)}
        if html:
            entry.update(number=row.number, name=row.name, score=row.score, marker=row.mark)
        else:
            from markupsafe import Markup

            from lsp_check.report.markdown.escape import md_cell

            entry.update(marker=f" {row.mark}" if row.mark else "",
                         note_cell=Markup("".join(f"<br>*{md_cell(n.line())}*" for n in row.notes)))
        rows.append(entry)
    found: Names = {"id": s.id, "title": s.title, "description": s.description, "scored": s.scored, "score": s.score,
                    "max": s.out_of, "percent": s.percent, "score_line": s.score_line, "missing_line": s.missing_line,
                    "band_cell": s.band_cell, "rows": rows}
    if html:
        found.update(tone=s.tone, band_label=s.band_heading, band_text=s.band_text, radar=_drawn(s.chart))
    else:
        found.update(missing=s.missing, band=s.band, band_estimated=s.band_estimated,
                     band_line=s.band_heading)
    return found


def _need(n: object) -> Names:
    from lsp_check.report.model.health import NeedEntry

    need = cast("NeedEntry", n)
    return {"need": need.name, "section": need.section, "section_title": need.section_title,
            "question": need.question, "question_text": need.question_text, "answer": need.answer,
            "level": need.option, "actions": need.actions, "note": " ".join(x.text for x in need.notes),
            "severity": need.severity, "urgent": need.urgent}


def _listed(report: Report, key: str) -> list[Names]:
    entries = next((a.entries for a in report.lists if a.key == key), ())
    return [{"section": e.section, "section_title": e.section_title, "question": e.question,
             "question_text": e.question_text, "answer": e.answer, "note": " ".join(n.text for n in e.notes)}
            for e in entries]


def _plan(plan: PlanReport, html: bool, heading: str) -> Names:
    found: Names = {"report": plan, "partnership": plan.partnership, "date": plan.date}
    if not html:
        from markupsafe import Markup

        return {**found, "horizons": plan.horizons, "heading": Markup(heading)}
    horizons = []
    for h in plan.horizons:
        rows: list[Names] = [{"priority": "", "need": "", "reason": "", "action": a.action, "agreed": True,
                              "owner": a.owner, "due": a.due} for a in h.agreed]
        for need in h.needs:
            for number, a in enumerate(need.actions):
                first = number == 0
                rows.append({"priority": str(need.rank) if first and need.rank is not None else "",
                             "need": need.need if first else "", "reason": need.reason if first else "",
                             "action": a.action, "agreed": False, "owner": "", "due": ""})
        horizons.append({"months": h.months, "title": h.title, "rows": rows})
    return {**found, "date_line": plan.date_line, "intro": plan.intro, "horizons": horizons}


def _rooms(rooms: RoomsReport, html: bool) -> Names:
    groups = [_room(r, f"g{i}", html) for i, r in enumerate(rooms.reports, 1)]
    return {"kind": "groups", "title": rooms.title, "groups": groups} if html else {"groups": groups}


def _room(report: Report, gid: str, html: bool) -> Names:
    sections = []
    for i, s in enumerate(report.sections, 1):
        sid = f"{gid}-s{i}"
        choice = [row for row in s.rows if row.counts]
        texts = [row for row in s.rows if not row.counts and row.kind != "choice"]
        rows: list[Names] = []
        for n, row in enumerate(choice, 1):
            entry: Names = {"text": row.text, "median": row.median, "mean": row.mean,
                            "flag": row.flag.split(" ", 1)[-1] if html else row.flag}
            if html:
                entry.update(id=f"{sid}-q{n}", chart=_drawn(row.chart), responses=row.responses,
                             counts=[{"label": c.label, "count": c.chosen} for c in row.counts],
                             disagree=row.disagreement)
            else:
                entry["distribution"] = row.distribution
            rows.append(entry)
        section: Names = {"title": s.title, "scored": s.scored, "respondents_line": s.score_line,
                          "band_label": s.band_heading, "band_text": s.band_text, "rows": rows}
        if html:
            section.update(id=sid, description=s.description,
                           texts=[{"text": t.text, "entries": [{"who": e.who, "text": e.text} for e in t.entries]}
                                  for t in texts])
        else:
            section.update(respondents=int(s.respondents or 0), median=s.score_of, range=s.range, percent=s.percent,
                           band=s.band_cell, band_line=bool(s.band_heading),
                           texts=[{"text": t.text, "entries": [e.line for e in t.entries] or [t.answer]}
                                  for t in texts])
        sections.append(section)
    found: Names = {"report": report, "partnership": report.partnership, "scored": report.scored,
                    "sections": sections, "overall_percent": report.overall.percent,
                    "plan": _plan(report.plan, html, "###") if report.plan else None}
    if html:
        found.update(id=gid, bars=_drawn(report.summary_chart),
                     summary=[{"title": p.title, "respondents": p.respondents, "median": p.score_of,
                               "range": p.range, "percent": p.percent, "band": p.band_cell}
                              for p in report.sections if p.scored])
    else:
        found["lines"] = report.lines
    return found


def _comparison(r: ComparisonReport, html: bool) -> Names:
    found: Names = {"partnership": r.partnership, "dates": r.dates, "partnerships_note": r.partnerships_note,
                    "sections": r.sections, "overall": r.overall, "only": r.notes, "moved": r.moved,
                    "need_blocks": r.need_groups}
    if html:
        found.update(kind="comparison", title=r.title, then_label=r.then_label, now_label=r.now_label,
                     chart=_drawn(r.chart))
    return found
