"""Each sector's (or organisation's) view side by side: a room's groups of respondents. Pure: no printing, no files.

Built from a room's accumulators, each of which counted every group's answers apart (``Accumulator(by=...)``).
The rules (docs/method.md, "Sectors side by side"):

- a group with fewer than ``min_group`` respondents (3 unless set, never below 2) is hidden: never shown on its
  own and never named; its answers still count in the room as a whole. Respondents who gave no sector form the
  group "(not given)", shown under the same threshold;
- a group's figures are read exactly as a room's (score/room.py): a section's median respondent's percent,
  a question's lower median answer;
- groups *differ* on a question when the consensus of the shown groups' median answers (each group one vote,
  Tastle and Wierman's consensus, method.disagrees) is below 0.5, judged only with three or more shown groups
  that answered it; the groups at the two ends (lowest and highest median) are the ones marked.
"""

from __future__ import annotations

from typing import NamedTuple

from lsp_check import method
from lsp_check.questionnaire import Library
from lsp_check.score.room import Accumulator, Room, RoomItem, Rooms, RoomSection

DEFAULT_MIN_GROUP = 3
LOWEST_MIN_GROUP = 2
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


class SectionView(NamedTuple):
    """One section: the room's median percent, each shown group's, and its questions."""

    id: str
    title: str
    scored: bool
    room: float | None
    percents: tuple[float | None, ...]
    questions: tuple[QuestionView, ...]

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


class Sectors(NamedTuple):
    """A room read by sector or organisation: one view per partnership."""

    by: str  # "sector" or "organisation"
    min_group: int
    views: tuple[SectorView, ...]

    @property
    def rooms(self) -> Rooms:
        """The rooms as a whole, for the gates and the verdict."""
        return Rooms(tuple(view.room for view in self.views))


def sectors(accumulators: list[Accumulator], library: Library, by: str,
            min_group: int = DEFAULT_MIN_GROUP) -> Sectors:
    """Each partnership's groups side by side (accumulators counted with ``by``), hiding groups below ``min_group``."""
    if min_group < LOWEST_MIN_GROUP:
        raise ValueError(f"min_group must be at least {LOWEST_MIN_GROUP}")
    return Sectors(by, min_group, tuple(_view(acc, library, min_group) for acc in accumulators))


def _view(acc: Accumulator, library: Library, min_group: int) -> SectorView:
    room = acc.finish(library)
    shown: list[SectorGroup] = []
    hidden = hidden_respondents = 0
    # Named groups in alphabetical order, then "(not given)".
    for key in sorted(acc.by_group, key=lambda k: (k == "", k)):
        group = acc.by_group[key]
        if group.respondents < min_group:
            hidden += 1
            hidden_respondents += group.respondents
            continue
        shown.append(SectorGroup(key or NOT_GIVEN, group.respondents, group.finish(library)))
    sections = tuple(_section_view(section, shown, library) for section in room.sections)
    return SectorView(acc.partnership, room, tuple(shown), sections, hidden, hidden_respondents)


def _section_view(section: RoomSection, groups: list[SectorGroup], library: Library) -> SectionView:
    questions_by_id = {q.id: q for q in library.sections[section.id].questions}
    theirs = [{s.id: s for s in g.result.sections}.get(section.id) for g in groups]
    questions = []
    for number, item in enumerate(section.items):
        items = [s.items[number] if s is not None else None for s in theirs]
        scale = questions_by_id[item.question].scale
        worst_first = [o.label for o in sorted(scale.options, key=lambda o: o.score)] if scale else []
        questions.append(_question_view(item, items, worst_first))
    percents = tuple(s.median_percent if s is not None else None for s in theirs)
    return SectionView(section.id, section.title, section.scored, section.median_percent, percents, tuple(questions))


def _question_view(room: RoomItem, items: list[RoomItem | None], worst_first: list[str]) -> QuestionView:
    medians = tuple(i.median if i is not None and i.responses else None for i in items)
    if not room.counts or not worst_first:
        return QuestionView(room.question, room.text, room.median, medians, None, False)
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
                        None if value is None else round(value, 2), differ, ends)
