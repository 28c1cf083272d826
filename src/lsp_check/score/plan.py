"""The action plan: a result's needs turned into actions for the next 6 and 12 months. Pure.

Rules (docs/programmes.md, docs/method.md):

- needs are ranked by how widely they are held, the share of respondents who
  gave a weak answer (1 for a single answers file), then by how severe the
  answer is on its scale (1 for the worst, e.g. "NO – action is needed", lower
  for "YES – but needs improving"), ties in questionnaire order; disagreement
  adds nothing (it puts the item to discuss instead);
- a need goes in the *next 6 months* when its answer is urgent on its scale
  (the worst answer, or one the questionnaire marks urgent) or its group
  priority is high, otherwise in the *next 12 months*;
- the needs are numbered down the page: the 6-month needs first, in rank
  order, then the 12-month needs, so within each horizon the lower number is
  the more urgent and no number is out of place;
- actions the partnership already agreed (``agreed_actions`` in the answers
  file) come first in their horizon, and a suggested action that repeats an
  agreed one is not suggested again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, cast

from lsp_check.matching import normalise
from lsp_check.method import Period
from lsp_check.score.result import Result

if TYPE_CHECKING:
    from lsp_check.score.protocols import PartnershipResult, ScoredNeed
    from lsp_check.score.room import Room

SUGGESTED = "suggested"
AGREED = "agreed"


class PlanRow(NamedTuple):
    """One action of the plan, with a place for its owner and due date, and the answer that raised its need.

    ``answer`` is the answer (a room's median answer) the need comes from; a room's need also says how many of
    its respondents gave a weak answer, of how many, and whether their answers disagree. An agreed action has
    none of these.
    """

    horizon: int
    rank: int | None
    need: str
    section: str
    action: str
    source: str
    owner: str = ""
    due: str = ""
    answer: str = ""
    weak: int = 0
    responses: int = 0
    disagreement: bool = False


class Plan(NamedTuple):
    """An action plan for one partnership: from one answers file, or from a room (``room``)."""

    partnership: str
    date: str
    rows: tuple[PlanRow, ...]
    room: bool = False
    worst: tuple[str, ...] = ()  # the answers raising its needs that are their scale's worst (severity 1), each once
    periods: tuple[Period, ...] = ()  # a room's periods of fieldwork (Room.periods)

    def horizon(self, months: int) -> tuple[PlanRow, ...]:
        """The rows due within this horizon."""
        return tuple(row for row in self.rows if row.horizon == months)


class Plans(NamedTuple):
    """Action plans, one per partnership: what ``lsp-check plan`` reports."""

    plans: tuple[Plan, ...]


def make_plan(result: PartnershipResult) -> Plan:
    """The plan for one partnership's result, from one answers file or a room."""
    scored: list[tuple[float, float, int, int, ScoredNeed]] = []
    for order, need in enumerate(result.needs):
        # How widely a need is held first, then how severe its answer is (docs/method.md).
        share = round(need.weak / (need.responses or 1), 9)
        horizon = 6 if need.urgent_answer or need.priority == "high" else 12
        scored.append((-share, -round(need.severity, 9), order, horizon, need))
    # Ranked within each horizon, the 6 months first: the numbers run 1..n down the page (docs/method.md, rule 7).
    scored.sort(key=lambda item: (item[3], *item[:3]))
    room = not isinstance(result, Result)
    agreed = result.agreed
    taken = {normalise(a.action) for a in agreed}
    rank_of_need: dict[str, int] = {}
    rows: list[PlanRow] = []
    for rank, (_, _, _, horizon, need) in enumerate(scored, 1):
        rank_of_need.setdefault(normalise(need.need), rank)
        for action in need.actions:
            if normalise(action) in taken:
                continue
            rows.append(PlanRow(horizon, rank, need.need, need.section_title, action, SUGGESTED, answer=need.answer,
                                weak=need.weak, responses=need.responses, disagreement=need.disagreement))
    agreed_rows = [
        PlanRow(a.horizon, rank_of_need.get(normalise(a.need)) if a.need else None, a.need, "", a.action, AGREED,
                a.owner, a.due)
        for a in agreed
    ]
    ordered: list[PlanRow] = []
    for months in (6, 12):
        ordered += [r for r in agreed_rows if r.horizon == months]
        ordered += [r for r in rows if r.horizon == months]
    worst = tuple(dict.fromkeys(need.answer for need in result.needs if need.severity >= 1 - 1e-9))
    return Plan(result.partnership, ", ".join(result.dates), tuple(ordered), room, worst,
                () if isinstance(result, Result) else cast("Room", result).periods)
