"""A cluster or programme view: several partnerships side by side and the needs they share. Pure.

Medians across partnerships are lower medians, like every median of the method
(docs/method.md). A shared need carries each partnership's share of weak
answers beside the count, and ties in the count are ranked by the summed shares,
so a room where one of three is weak does not weigh like a unanimous one.
Respondents are counted once for a need, however many of its questions (in
however many questionnaires) they gave a weak answer to.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from lsp_check import method
from lsp_check.score.room import Room, median, need_key


class ClusterRow(NamedTuple):
    """One partnership: its respondents and, per section, its percentage and distance from the cluster median."""

    partnership: str
    respondents: int
    percents: dict[str, float | None]  # section id -> percent or None
    versus: dict[str, float | None]  # section id -> points above (+) or below (-) the cluster median, or None
    dates: tuple[str, ...] = ()  # the different dates its respondents gave, in order
    periods: tuple[method.Period, ...] = ()  # its room's periods of fieldwork (Room.periods)


class SharedNeed(NamedTuple):
    """A need, the partnerships that have it and, beside each, how many of its respondents gave a weak answer."""

    need: str
    partnerships: tuple[str, ...]
    respondents: int  # distinct respondents with a weak answer to it, in the partnerships that have it
    questions: tuple[tuple[str, str], ...]  # (section title, question) of each question that raised it
    weak: tuple[tuple[int, int], ...] = ()  # per partnership: (respondents weak in it, respondents who answered it)
    answered: int = 0  # respondents who answered it, in the partnerships that have it

    @property
    def partnership_count(self) -> int:
        """How many partnerships have the need."""
        return len(self.partnerships)

    @property
    def shares(self) -> tuple[float, ...]:
        """Each partnership's share of weak answers (0 to 1), in the order of partnerships."""
        return tuple(w / n if n else 0.0 for w, n in self.weak)



class Cluster(NamedTuple):
    """Partnerships × sections, the cluster medians, and shared needs ranked by how many have them."""

    sections: tuple[tuple[str, str], ...]
    rows: tuple[ClusterRow, ...]
    medians: dict[str, float | None]
    shared: tuple[SharedNeed, ...]
    # The partnerships left out, too small to report anonymously beside the others (score/disclosure.py
    # leave_out_small), with their respondents, and the threshold they fell below.
    left_out: tuple[tuple[str, int], ...] = ()
    left_out_below: int = 0


class _Tally:
    """A shared need as it is gathered: who has it, how many weak answers, from which questions."""

    __slots__ = ("need", "who", "respondents", "questions", "weak")

    def __init__(self, need: str) -> None:
        self.need = need
        self.who: list[str] = []
        self.respondents = 0
        self.questions: list[tuple[str, str]] = []
        self.weak: dict[str, tuple[int, int]] = {}  # partnership -> (respondents weak in it, who answered it)

    def breadth(self) -> float:
        """The summed shares of weak answers, one per partnership."""
        return sum(w / n for w, n in self.weak.values() if n)


def _versus(value: float | None, middle: float | None) -> float | None:
    return None if value is None or middle is None else method.rounded(value - middle)


def cluster(groups: Sequence[Room], left_out: Sequence[tuple[str, int]] = (), below: int = 0) -> Cluster:
    """Build the cluster view from one group result per partnership; ``left_out`` (with the threshold ``below``)
    are the partnerships already left out for anonymity, counted by the report and nowhere else."""
    sections: dict[str, str] = {}
    for g in groups:
        for s in g.sections:
            if s.scored:
                sections.setdefault(s.id, s.title)
    exact = [{s.id: s.exact_percent for s in g.sections if s.scored} for g in groups]
    exact_medians: dict[str, float | None] = {}
    for sid in sections:
        values = sorted(value for p in exact if (value := p.get(sid)) is not None)
        exact_medians[sid] = median(values) if values else None
    medians = {sid: method.rounded(m) for sid, m in exact_medians.items()}
    rows = []
    for g, p in zip(groups, exact):
        # Differences are taken before rounding, so they agree with the exact figures.
        versus = {sid: _versus(p.get(sid), exact_medians[sid]) for sid in sections}
        shown = {sid: method.rounded(value) for sid, value in p.items()}
        rows.append(ClusterRow(g.partnership, g.respondents, shown, versus, g.dates, g.periods))
    shared: dict[str, _Tally] = {}
    for g in groups:
        # Distinct respondents per need name: one weak in two questions of the same need is one respondent.
        counted = {key: (weak, asked) for key, weak, asked in g.need_respondents}
        for need in g.needs:
            key = need_key(need.need)
            entry = shared.setdefault(key, _Tally(need.need))
            if g.partnership not in entry.who:
                entry.who.append(g.partnership)
                weak, asked = counted.get(key, (need.weak, need.responses))
                entry.weak[g.partnership] = (weak, asked)
                entry.respondents += weak
            where = (need.section_title, need.question_text)
            if where not in entry.questions:
                entry.questions.append(where)
    ranked = sorted(shared.values(), key=lambda e: (-len(e.who), -round(e.breadth(), 9), -e.respondents,
                                                    e.need.casefold()))
    return Cluster(
        tuple(sections.items()), tuple(rows), medians,
        tuple(SharedNeed(e.need, tuple(e.who), e.respondents, tuple(e.questions),
                         tuple(e.weak[p] for p in e.who), sum(e.weak[p][1] for p in e.who)) for e in ranked),
        tuple(left_out), below if left_out else 0,
    )
