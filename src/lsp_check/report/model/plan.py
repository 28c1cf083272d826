"""The report model of an action plan: its horizons, agreed actions first, then needs by rank, for every format."""

# No `from __future__ import annotations` here: typing.NamedTuple defines classes with evaluated
# annotations at half the cost of string ones, and these classes are defined on every start (performance.md).

from typing import TYPE_CHECKING, NamedTuple

from lsp_check.report.model.words import partnership_name, plural
from lsp_check.score.plan import AGREED

if TYPE_CHECKING:
    from lsp_check.score.plan import Plan

HORIZONS = ((6, "Next 6 months"), (12, "Next 12 months"))
PLAN_INTRO = ("Actions already agreed come first, marked agreed; then the suggested actions, ranked by priority "
              "(1 is the most urgent). Fill in an owner and a due date for each.")
NOTHING_PLANNED = "Nothing planned."


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

    @property
    def empty(self) -> bool:
        """Nothing is planned in this horizon."""
        return not self.agreed and not self.needs


class PlanReport(NamedTuple):
    """An action plan for one partnership, by horizon."""

    partnership: str
    title: str
    date: str
    date_line: str
    intro: str
    horizons: tuple[Horizon, ...]


def plan_report(plan: "Plan") -> PlanReport:
    """The report model of one partnership's action plan."""
    horizons = []
    for months, title in HORIZONS:
        agreed: list[PlanAction] = []
        needs: list[PlanNeed] = []
        for row in plan.horizon(months):
            if row.source == AGREED:
                agreed.append(PlanAction(row.action, True, row.owner, row.due))
                continue
            action = PlanAction(row.action, False)
            if needs and needs[-1].rank == row.rank and needs[-1].need == row.need:
                last = needs[-1]
                needs[-1] = last._replace(actions=last.actions + (action,))
            else:
                reason = f"{row.section}: {row.reason}" if row.section else row.reason
                needs.append(PlanNeed(row.rank, row.need, reason, (action,)))
        horizons.append(Horizon(months, title, tuple(agreed), tuple(needs)))
    name = partnership_name(plan.partnership)
    return PlanReport(name, f"Action plan: {name}", plan.date,
                      f"From the health check of {plan.date}." if plan.date else "", PLAN_INTRO, tuple(horizons))


def plans_title(reports: tuple[PlanReport, ...]) -> str:
    """The title of a document of plans: the one plan's, or how many partnerships."""
    return reports[0].title if len(reports) == 1 else f"Action plans: {plural(len(reports), 'partnership')}"
