"""Each sector's (or organisation's) view side by side: a room's groups of respondents. Pure: no printing, no files.

Built from a room's accumulators, each of which counted every group's answers apart (``Accumulator(by=...)``).
The rules (docs/method.md, "Sectors side by side"; docs/privacy.md):

- a group with fewer than ``min_group`` respondents (3 unless set, never below 3) is hidden: never shown on its
  own and never named; its answers still count in the room as a whole. Respondents who gave no sector form the
  group "(not given)", shown under the same threshold;
- so that no hidden group can be worked out by subtracting the shown ones from the room, in this report or
  with the report by the other grouping, further groups and figures are withheld (score/disclosure.py): a group
  withheld so is named, a figure withheld is None with the reason beside it;
- a group's figures are read exactly as a room's (score/room.py): a section's median respondent's percent,
  a question's lower median answer;
- groups *differ* on a question when the consensus of the shown groups' median answers (each group one vote,
  Tastle and Wierman's consensus, method.disagrees) is below 0.5, judged only with three or more shown groups
  that answered it; the groups at the two ends (lowest and highest median) are the ones marked.
"""

from __future__ import annotations

from typing import NamedTuple

from lsp_check import method
from lsp_check.method import LOWEST_THRESHOLD
from lsp_check.questionnaire import Library
from lsp_check.score.disclosure import DEFAULT_THRESHOLD, GroupPlan, plan_groups
from lsp_check.score.room import Accumulator, Room, RoomItem, Rooms, RoomSection

DEFAULT_MIN_GROUP = DEFAULT_THRESHOLD
LOWEST_MIN_GROUP = LOWEST_THRESHOLD
NOT_GIVEN = "(not given)"
BY_CHOICES = ("sector", "organisation")


class SectorGroup(NamedTuple):
    """One shown group: its name (a sector, an organisation or "(not given)") and its own room result."""

    name: str
    respondents: int
    result: Room


class QuestionView(NamedTuple):
    """One question: the room's median answer and each shown group's (None when a group did not answer it)."""

    id: str
    text: str
    room: str | None
    medians: tuple[str | None, ...]  # in the order of the view's groups
    consensus: float | None  # of the groups' medians, one vote each; None when not judged
    differ: bool
    ends: tuple[int, ...] = ()  # the groups at the lowest and highest median, when the groups differ
    withheld: tuple[str, ...] = ()  # per group: why its median is withheld (score/disclosure.py), "" when shown


class SectionView(NamedTuple):
    """One section: the room's median percent, each shown group's, and its questions."""

    id: str
    title: str
    scored: bool
    room: float | None
    percents: tuple[float | None, ...]
    questions: tuple[QuestionView, ...]
    withheld: tuple[str, ...] = ()  # per group: why its percent is withheld, "" when shown

    @property
    def differ(self) -> int:
        """How many of its questions the groups differ on."""
        return sum(1 for q in self.questions if q.differ)


class SectorView(NamedTuple):
    """One partnership's groups side by side, with the room as a whole beside them."""

    partnership: str
    room: Room
    groups: tuple[SectorGroup, ...]
    sections: tuple[SectionView, ...]
    hidden_groups: int  # groups below the threshold: counted in the room, never shown nor named
    hidden_respondents: int
    withheld: tuple[tuple[str, int], ...] = ()  # groups that meet the threshold, withheld to protect a smaller one

    @property
    def cells_withheld(self) -> bool:
        """Whether any shown group's figure is withheld."""
        return any(any(s.withheld) or any(any(q.withheld) for q in s.questions) for s in self.sections)


class Sectors(NamedTuple):
    """A room read by sector or organisation: one view per partnership."""

    by: str  # "sector" or "organisation"
    min_group: int
    views: tuple[SectorView, ...]
    left_out: tuple[tuple[str, int], ...] = ()  # partnerships below the threshold in a report of several

    @property
    def rooms(self) -> Rooms:
        """The rooms as a whole, for the gates and the verdict."""
        return Rooms(tuple(view.room for view in self.views))


def sectors(accumulators: list[Accumulator], library: Library, by: str,
            min_group: int = DEFAULT_MIN_GROUP) -> Sectors:
    """Each partnership's groups side by side (accumulators counted with ``by``), hiding groups below ``min_group``
    and withholding whatever would let them be worked out (score/disclosure.py). With several partnerships,
    those whose rooms are below ``min_group`` are left out (``left_out``)."""
    if min_group < LOWEST_MIN_GROUP:
        raise ValueError(f"min_group must be at least {LOWEST_MIN_GROUP}")
    several = len(accumulators) > 1
    kept = [acc for acc in accumulators if not several or acc.respondents >= min_group]
    left_out = tuple((acc.partnership, acc.respondents) for acc in accumulators if acc not in kept)
    return Sectors(by, min_group, tuple(_view(acc, library, by, min_group) for acc in kept), left_out)


def _view(acc: Accumulator, library: Library, by: str, min_group: int) -> SectorView:
    room = acc.finish(library)
    plan = plan_groups(acc.atoms, by, min_group)
    shown: list[SectorGroup] = []
    keys: list[str] = []
    withheld: list[tuple[str, int]] = []
    hidden = hidden_respondents = 0
    # Named groups in alphabetical order of their first spelling, then "(not given)".
    for key in sorted(acc.by_group, key=lambda k: (k == "", acc.spellings.get(k, k))):
        group = acc.by_group[key]
        name = acc.spellings.get(key, key) or NOT_GIVEN
        if key in plan.small:
            hidden += 1
            hidden_respondents += group.respondents
        elif key in plan.complement:
            withheld.append((name, group.respondents))
        else:
            keys.append(key)
            shown.append(SectorGroup(name, group.respondents, group.finish(library)))
    sections = tuple(_section_view(section, shown, keys, plan, library) for section in room.sections)
    return SectorView(acc.partnership, room, tuple(shown), sections, hidden, hidden_respondents, tuple(withheld))


def _section_view(section: RoomSection, groups: list[SectorGroup], keys: list[str], plan: GroupPlan,
                  library: Library) -> SectionView:
    questions_by_id = {q.id: q for q in library.sections[section.id].questions}
    theirs = [{s.id: s for s in g.result.sections}.get(section.id) for g in groups]
    questions = []
    for number, item in enumerate(section.items):
        items = [s.items[number] if s is not None else None for s in theirs]
        scale = questions_by_id[item.question].scale
        worst_first = [o.label for o in sorted(scale.options, key=lambda o: o.score)] if scale else []
        why = tuple(plan.cells.get((key, (section.id, item.question)), "") for key in keys)
        questions.append(_question_view(item, items, worst_first, why))
    why = tuple(plan.cells.get((key, (section.id,)), "") for key in keys)
    # A withheld figure is never shown, nor used for anything shown (a difference between groups, a chart).
    percents = tuple(s.median_percent if s is not None and not reason else None for s, reason in zip(theirs, why))
    return SectionView(section.id, section.title, section.scored, section.median_percent, percents, tuple(questions),
                       why)


def _question_view(room: RoomItem, items: list[RoomItem | None], worst_first: list[str],
                   withheld: tuple[str, ...]) -> QuestionView:
    medians = tuple(i.median if i is not None and i.responses and not reason else None
                    for i, reason in zip(items, withheld))
    if not room.counts or not worst_first:
        return QuestionView(room.question, room.text, room.median, medians, None, False, (), withheld)
    # Each shown group's median is one vote on the question's scale, worst step first.
    steps = {label: step for step, label in enumerate(worst_first)}
    votes = [0] * len(worst_first)
    for median in medians:
        if median is not None:
            votes[steps[median]] += 1
    judged = sum(votes) >= method.MIN_RESPONSES_FOR_AGREEMENT
    value = method.consensus(votes) if judged else None
    differ = method.disagrees(votes)
    ends: tuple[int, ...] = ()
    if differ:
        given = [steps[m] for m in medians if m is not None]
        low, high = min(given), max(given)
        ends = tuple(n for n, m in enumerate(medians) if m is not None and steps[m] in (low, high))
    return QuestionView(room.question, room.text, room.median, medians,
                        None if value is None else round(value, 2), differ, ends, withheld)
