"""The action plan laid out for HTML: a table per horizon, agreed actions first, owner and due left to fill in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from lsp_check.report.model.plan import PlanReport, plan_report, plans_title

if TYPE_CHECKING:
    from lsp_check.score.plan import Plan


def plan_view(plan: Plan) -> dict[str, object]:
    """The plan's report model as table rows: the priority and need shown once per need, owner and due to fill in."""
    return _plan_view(plan_report(plan))


def _plan_view(report: PlanReport) -> dict[str, object]:
    horizons = []
    for h in report.horizons:
        rows: list[dict[str, object]] = [
            {"priority": "", "need": "", "reason": "", "action": a.action, "agreed": True, "owner": a.owner,
             "due": a.due}
            for a in h.agreed
        ]
        for need in h.needs:
            for number, a in enumerate(need.actions):
                first = number == 0
                rows.append({
                    "priority": str(need.rank) if first and need.rank is not None else "",
                    "need": need.need if first else "",
                    "reason": need.reason if first else "",
                    "action": a.action,
                    "agreed": False,
                    "owner": "",
                    "due": "",
                })
        horizons.append({"months": h.months, "title": h.title, "rows": rows})
    return {
        "report": report,
        "partnership": report.partnership,
        "date": report.date,
        "date_line": report.date_line,
        "intro": report.intro,
        "horizons": horizons,
    }


def plans_view(plans: Sequence[Plan]) -> dict[str, object]:
    """The view of the standalone plan page: one plan per partnership."""
    reports = tuple(plan_report(p) for p in plans)
    return {"kind": "plans", "title": plans_title(reports), "plans": [_plan_view(r) for r in reports]}
