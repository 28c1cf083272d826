"""Comparing a baseline with a follow-up of the same partnership. Pure: no printing, no files.

Each side is a single answers file or a group of respondents. For a group, a
section is read at its median respondent and a question at its median answer
and mean score, as group reports show them.
"""

from __future__ import annotations

from typing import Any, NamedTuple

LEVEL = "level"
UP = "up"
DOWN = "down"


class Side(NamedTuple):
    """What one side of a comparison says, reduced to the figures compared."""

    partnership: str
    date: str
    respondents: int
    sections: dict  # id -> (title, score, max, percent, band label)
    items: dict  # (section, question) -> (text, answer, score)
    needs: dict  # (section, question) -> (need, section title)
    overall: float | None


class SectionMove(NamedTuple):
    """A section then and now."""

    id: str
    title: str
    then: float | None
    now: float | None
    change: float | None
    direction: str
    then_band: str
    now_band: str
    then_score: float | None
    now_score: float | None
    max: float | None


class ItemMove(NamedTuple):
    """A question then and now."""

    section: str
    question: str
    text: str
    then_answer: str
    now_answer: str
    then_score: float | None
    now_score: float | None
    change: float | None
    direction: str


class NeedChange(NamedTuple):
    """A need that was resolved, is new, or persists."""

    section: str
    section_title: str
    question: str
    need: str


class Comparison(NamedTuple):
    """The movement between a baseline and a follow-up."""

    kind = "comparison"  # what report formats dispatch on, without importing this module

    partnership: str
    baseline: Side
    followup: Side
    sections: tuple[SectionMove, ...]
    only_baseline: tuple[str, ...]
    only_followup: tuple[str, ...]
    items: tuple[ItemMove, ...]
    resolved: tuple[NeedChange, ...]
    new: tuple[NeedChange, ...]
    persisting: tuple[NeedChange, ...]
    overall_then: float | None
    overall_now: float | None

    @property
    def fallen(self) -> tuple[SectionMove, ...]:
        """Sections whose percentage fell."""
        return tuple(s for s in self.sections if s.direction == DOWN)

    @property
    def overall_change(self) -> float | None:
        """The overall percentage's movement in points, or None when either side scored nothing."""
        return _delta(self.overall_then, self.overall_now, 1)

    @property
    def overall_direction(self) -> str:
        """Whether the overall percentage went up, down or stayed level."""
        return _direction(self.overall_change)

    @property
    def one_sided(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Sections answered on one side only, as (label, section titles), leaving out empty ones."""
        pairs = (("Only in the baseline", self.only_baseline), ("Only in the follow-up", self.only_followup))
        return tuple((label, titles) for label, titles in pairs if titles)


def side(result: Any) -> Side:
    """Reduce a single or group result to the figures a comparison needs."""
    group = hasattr(result, "respondents")
    sections, items = {}, {}
    for s in result.sections:
        if not s.scored:
            continue
        if group:
            sections[s.id] = (s.title, s.median_score, s.max, s.median_percent, s.band.label if s.band else "")
            for i in s.items:
                if i.responses:
                    items[(s.id, i.question)] = (i.text, i.median or "", i.mean)
        else:
            sections[s.id] = (s.title, s.score, s.max, s.percent, s.band.label if s.band else "")
            for i in s.items:
                if i.score is not None:
                    items[(s.id, i.question)] = (i.text, i.answer or "", i.score)
    needs = {(n.section, n.question): (n.need, n.section_title) for n in result.needs}
    dates = getattr(result, "dates", ())
    date = getattr(result, "date", "") or (dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}" if dates else "")
    respondents = getattr(result, "respondents", 1)
    return Side(result.partnership, date, respondents, sections, items, needs, result.overall.percent)


def _direction(change: float | None) -> str:
    if change is None or abs(change) < 1e-9:
        return LEVEL
    return UP if change > 0 else DOWN


def _delta(then: float | None, now: float | None, places: int) -> float | None:
    return None if then is None or now is None else round(now - then, places)


def compare(baseline: Any, followup: Any) -> Comparison:
    """Per section and per question, then and now and the movement; needs resolved, new and persisting."""
    a, b = side(baseline), side(followup)
    moves = []
    for sid, (title, now_score, maximum, now, now_band) in b.sections.items():
        if sid not in a.sections:
            continue
        _, then_score, _, then, then_band = a.sections[sid]
        change = _delta(then, now, 1)
        moves.append(SectionMove(sid, title, then, now, change, _direction(change), then_band, now_band, then_score,
                                 now_score, maximum))
    items = []
    for key, (text, now_answer, now_score) in b.items.items():
        if key not in a.items:
            continue
        _, then_answer, then_score = a.items[key]
        change = _delta(then_score, now_score, 2)
        items.append(ItemMove(key[0], key[1], text, then_answer, now_answer, then_score, now_score, change,
                              _direction(change)))

    def changes(keys: list, source: dict) -> tuple[NeedChange, ...]:
        return tuple(NeedChange(k[0], source[k][1], k[1], source[k][0]) for k in keys)

    resolved = [k for k in a.needs if k not in b.needs and k[0] in b.sections]
    new = [k for k in b.needs if k not in a.needs]
    persisting = [k for k in b.needs if k in a.needs]
    return Comparison(
        b.partnership or a.partnership, a, b, tuple(moves),
        tuple(a.sections[s][0] for s in a.sections if s not in b.sections),
        tuple(b.sections[s][0] for s in b.sections if s not in a.sections),
        tuple(items), changes(resolved, a.needs), changes(new, b.needs), changes(persisting, b.needs),
        a.overall, b.overall,
    )
