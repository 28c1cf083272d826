"""The action plan laid out for HTML: a table per horizon, agreed actions first, owner and due left to fill in."""

from __future__ import annotations

from typing import Any

HORIZONS = ((6, "Next 6 months"), (12, "Next 12 months"))
PLAN_INTRO = ("Actions already agreed come first, marked agreed; then the suggested actions, ranked by priority "
              "(1 is the most urgent). Fill in an owner and a due date for each.")


def plan_view(plan: Any) -> dict[str, Any]:
    """A plan's rows by horizon: the priority and need shown once per need, blank owner and due to fill in."""
    horizons = []
    for months, title in HORIZONS:
        rows: list[dict[str, Any]] = []
        previous: tuple[bool, int | None, str] | None = None
        for row in plan.horizon(months):
            agreed = row.source == "agreed"
            key = (agreed, row.rank, row.need)
            # Suggested actions of one need share its priority and need cell; each agreed action keeps its own.
            first = agreed or key != previous
            previous = key
            rows.append({
                "priority": str(row.rank) if first and row.rank is not None else "",
                "need": row.need if first else "",
                "reason": (f"{row.section}: {row.reason}" if row.section else row.reason) if first and not agreed
                else "",
                "action": row.action,
                "agreed": agreed,
                "owner": row.owner,
                "due": row.due,
            })
        horizons.append({"months": months, "title": title, "rows": rows})
    partnership = plan.partnership or "(partnership not named)"
    return {
        "partnership": partnership,
        "date": plan.date,
        "date_line": f"From the health check of {plan.date}." if plan.date else "",
        "intro": PLAN_INTRO,
        "horizons": horizons,
    }


def plans_view(plans: list[Any]) -> dict[str, Any]:
    """The view of the standalone plan page: one plan per partnership."""
    views = [plan_view(p) for p in plans]
    title = f"Action plan: {views[0]['partnership']}" if len(views) == 1 else f"Action plans: {len(views)} partnerships"
    return {"kind": "plans", "title": title, "plans": views}
