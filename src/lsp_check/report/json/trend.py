"""The JSON of a trend: every figure of the series, each step's needs and each need's history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsp_check.report.model.compare import overall_title, section_note
from lsp_check.score.trend import STEP_CATEGORIES

if TYPE_CHECKING:
    from lsp_check.score.trend import Trend



def trend_data(t: Trend, schema_version: int) -> dict[str, object]:
    """A trend as JSON-ready data."""
    dates = [a.date for a in t.assessments]
    categories = list(dict.fromkeys(name for _, name in STEP_CATEGORIES))
    return {
        "schema_version": schema_version,
        "kind": "trend",
        "partnership": t.partnership,
        "min_change": t.min_change,
        "assessments": [{"source": a.source, "date": a.date, "respondents": a.respondents,
                         "overall_percent": a.overall, "first_date": a.first, "last_date": a.last,
                         "small_room": a.small}
                        for a in t.assessments],
        "overlapping": [[dates[i], dates[j]] for i, j in t.overlaps],
        "overall": {"percents": list(t.overall_percents), "latest_change": t.overall_latest,
                    "title": overall_title(t.overall_sections, f"all {len(dates)}"),
                    "sections": None if t.overall_sections is None else list(t.overall_sections)},
        "sections": [
            {"id": s.id, "title": s.title, "percents": list(s.percents), "bands": list(s.bands), "change": s.change,
             "latest": None if s.latest is None else {
                 "since": dates[s.since], "change": s.latest.change, "direction": s.latest.direction,
                 "note": section_note(s.latest, min_change=t.min_change,
                                      respondents=(t.assessments[s.since].respondents,
                                                   t.assessments[-1].respondents)),
                 "regressed": s.latest.regressed,
                 "respondents": [s.latest.then_n, s.latest.now_n]}}
            for s in t.sections
        ],
        "steps": [
            {"from": dates[step.then], "to": dates[step.now],
             "needs": {name: [{"section": n.section, "question": n.question, "need": n.need}
                              for n in step.needs(name)] for name in categories}}
            for step in t.steps
        ],
        "needs": [
            {"section": n.section, "question": n.question, "need": n.need, "states": list(n.states),
             "category": n.category, "since": dates[n.since]}
            for n in t.needs
        ],
        "regressions": [m.id for m in t.regressions],
    }
