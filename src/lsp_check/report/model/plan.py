"""The report model of an action plan: its horizons, agreed actions first, then needs by rank, for every format.

The plan is made from a result when it is reported (score/plan.py), under a health check's report or on its
own (``lsp-check plan``). Its introduction says how the needs are ranked, which depends on whether the plan
comes from one answers file or a room.
"""

from __future__ import annotations

from typing import NamedTuple

from lsp_check.method import DEFAULT_THRESHOLD
from lsp_check.report.model.words import (
    AGREED,
    AGREED_REASON,
    ALREADY_AGREED,
    HORIZONS,
    NOTHING_PLANNED,
    PLAN_HEADERS,
    PLAN_TITLE,
    combined_warning,
    partnership_name,
    plan_intro,
    plan_reason,
    plural,
)
from lsp_check.score.plan import AGREED as AGREED_SOURCE
from lsp_check.score.plan import Plan, PlanRow, Plans


class PlanAction(NamedTuple):
    """One action of a plan: agreed by the partnership or suggested, with its owner and due date if known."""

    action: str
    agreed: bool
    owner: str = ""
    due: str = ""


class PlanNeed(NamedTuple):
    """A need in a plan's horizon: its priority rank, why, and its suggested actions."""

    rank: int | None
    need: str
    reason: str  # 'Section: answer' or, for a room, 'Section: median …; 2 of 4 weak'
    actions: tuple[PlanAction, ...]


class Horizon(NamedTuple):
    """The actions due within a number of months: agreed ones first, then suggested ones need by need."""

    months: int
    title: str
    agreed: tuple[PlanAction, ...]
    needs: tuple[PlanNeed, ...]
    nothing: str  # 'Nothing planned.' when nothing is, else ''
    agreed_heading: str  # 'Already agreed:' before its agreed actions in a list, when it has any, else ''

    @property
    def empty(self) -> bool:
        """Nothing is planned in this horizon."""
        return not self.agreed and not self.needs


class PlanReport(NamedTuple):
    """An action plan for one partnership, by horizon."""

    partnership: str
    title: str  # 'Action plan: …', the title of a plan on its own
    heading: str  # 'Action plan', its heading under a health check's report
    date: str
    date_line: str
    intro: str
    horizons: tuple[Horizon, ...]
    headers: tuple[str, ...]  # the columns of a horizon's table
    agreed_tag: str  # 'agreed', beside an agreed action ('' when the plan holds none)


class PlansReport(NamedTuple):
    """Action plans on their own (``lsp-check plan``): one per partnership, under the document's title."""

    title: str
    reports: tuple[PlanReport, ...]


def reason(row: PlanRow, room: bool) -> str:
    """Why an action is in the plan: the answer that raised its need, or that the partnership agreed it."""
    if row.source == AGREED_SOURCE:
        return AGREED_REASON
    return plan_reason(row.answer, room, row.weak, row.responses, row.disagreement)


def plan_report(plan: Plan) -> PlanReport:
    """The report model of one partnership's action plan."""
    horizons = []
    for months, title in HORIZONS:
        agreed: list[PlanAction] = []
        needs: list[PlanNeed] = []
        for row in plan.horizon(months):
            if row.source == AGREED_SOURCE:
                agreed.append(PlanAction(row.action, True, row.owner, row.due))
                continue
            action = PlanAction(row.action, False)
            if needs and needs[-1].rank == row.rank and needs[-1].need == row.need:
                last = needs[-1]
                needs[-1] = last._replace(actions=last.actions + (action,))
            else:
                why = reason(row, plan.room)
                needs.append(PlanNeed(row.rank, row.need, f"{row.section}: {why}" if row.section else why, (action,)))
        empty = not agreed and not needs
        horizons.append(Horizon(months=months, title=title, agreed=tuple(agreed), needs=tuple(needs),
                                nothing=NOTHING_PLANNED if empty else "", agreed_heading=ALREADY_AGREED if agreed else ""))
    name = partnership_name(plan.partnership)
    agreed_any = any(row.source == AGREED_SOURCE for row in plan.rows)
    combined = combined_warning(plan.periods, DEFAULT_THRESHOLD)
    combined = f" {combined}" if combined else ""
    return PlanReport(
        partnership=name, title=f"{PLAN_TITLE}: {name}", heading=PLAN_TITLE, date=plan.date,
        date_line=(f"From the health check of {plan.date}." if plan.date else "") + combined,
        intro=plan_intro(plan.room, agreed_any, plan.worst), horizons=tuple(horizons),
        headers=PLAN_HEADERS, agreed_tag=AGREED if agreed_any else "",
    )


def plans_report(plans: Plans) -> PlansReport:
    """The report model of plans on their own: the one plan's title, or how many partnerships."""
    reports = tuple(plan_report(p) for p in plans.plans)
    title = reports[0].title if len(reports) == 1 else f"Action plans: {plural(len(reports), 'partnership')}"
    return PlansReport(title, reports)
