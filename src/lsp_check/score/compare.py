"""Comparing a baseline with a follow-up of the same partnership. Pure: no printing, no files.

Each side is a single answers file or a group of respondents, read with the
headline figure (docs/method.md): a section's percent from floor to ceiling, at
the median respondent for a group. Rules:

- a section is compared only over the questions answered both times; when
  either side answered others, both are re-read over the common questions and
  the move carries a note saying so;
- a section *regressed* when it fell by at least ``min_change`` points
  (``--min-change``, default 10);
- a baseline need is *resolved* when the follow-up answer is no longer weak and
  not merely in hand, *now in hand* when the follow-up answer is in hand, and
  *persisting* when it is still weak; a follow-up need is *new* when the
  question was answered at the baseline without a need, and *not assessed at
  the baseline* when it was not answered then.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from lsp_check import method
from lsp_check.matching import identity
from lsp_check.score.result import Result

if TYPE_CHECKING:
    from lsp_check.score.room import Room

LEVEL = "level"
UP = "up"
DOWN = "down"

Row = tuple[tuple[str, float], ...]  # one respondent's answer scores by question
Key = tuple[str, str]  # (section id, question id)
# A side's figures, filled by _read_single or _read_group: sections, items, rows, bounds, shares, in hand.
SectionFigures = tuple[str, float | None, float, float | None, str]  # title, score, max, percent, band label
ItemFigures = tuple[str, str, float | None]  # text, answer, score


class _Figures(NamedTuple):
    sections: dict[str, SectionFigures]
    items: dict[Key, ItemFigures]
    rows: dict[str, tuple[Row, ...]]
    bounds: dict[Key, tuple[float | None, float | None]]
    share: dict[str, float]
    in_hand: set[Key]


class Side(NamedTuple):
    """What one side of a comparison says, reduced to the figures compared."""

    partnership: str
    date: str
    respondents: int
    sections: dict[str, SectionFigures]  # id -> (title, score, max, percent, band label)
    items: dict[Key, ItemFigures]  # (section, question) -> (text, answer, score)
    needs: dict[Key, tuple[str, str]]  # (section, question) -> (need, section title)
    overall: float | None
    in_hand: frozenset[Key] = frozenset()  # (section, question) whose answer (median, for a group) is in hand
    # Never mutated (RUF012): section id -> answer rows of the respondents it counts; (section, question) ->
    # (floor, ceiling) of its scale; section id -> the share of its scored questions the coverage rule asks for.
    rows: dict[str, tuple[Row, ...]] = {}  # noqa: RUF012
    bounds: dict[Key, tuple[float | None, float | None]] = {}  # noqa: RUF012
    share: dict[str, float] = {}  # noqa: RUF012


class SectionMove(NamedTuple):
    """A section then and now, over the questions answered both times.

    When the two sides answered different questions, ``common`` is how many they both answered (the figures are
    read over those) and ``then_answered``, ``now_answered`` how many each did; ``short`` names the sides
    ("baseline", "follow-up") below the coverage rule, when the section is not compared at all.
    """

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
    regressed: bool = False  # fell by at least the comparison's min_change
    short: tuple[str, ...] = ()
    common: int | None = None
    then_answered: int = 0
    now_answered: int = 0


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
    """A need that was resolved, is now in hand, persists, is new, or was not assessed at the baseline."""

    section: str
    section_title: str
    question: str
    need: str


# What became of the needs, in reading order; the last is listed only when it holds a need.
NEED_GROUPS = ("resolved", "in_hand", "persisting", "new", "not_assessed")
SOMETIMES_EMPTY = ("not_assessed",)
BASELINE, FOLLOWUP = "baseline", "follow-up"


class Comparison(NamedTuple):
    """The movement between a baseline and a follow-up."""

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
    in_hand: tuple[NeedChange, ...] = ()
    not_assessed: tuple[NeedChange, ...] = ()
    min_change: float = method.DEFAULT_MIN_CHANGE
    different_partnerships: bool = False  # the two sides name different partnerships (compare --allow-different)

    @property
    def fallen(self) -> tuple[SectionMove, ...]:
        """Sections whose percentage fell, by any amount."""
        return tuple(s for s in self.sections if s.direction == DOWN)

    @property
    def regressions(self) -> tuple[SectionMove, ...]:
        """Sections that fell by at least ``min_change`` points: what --fail-on-regression fails on."""
        return tuple(s for s in self.sections if s.regressed)

    @property
    def need_groups(self) -> tuple[tuple[str, tuple[NeedChange, ...]], ...]:
        """Every need category as (key, needs), in reading order, empty ones too (a report says "None."), except
        not assessed at the baseline, which arises only when the follow-up asks more than the baseline."""
        by_key = {"resolved": self.resolved, "in_hand": self.in_hand, "persisting": self.persisting, "new": self.new,
                  "not_assessed": self.not_assessed}
        return tuple((key, by_key[key]) for key in NEED_GROUPS if key not in SOMETIMES_EMPTY or by_key[key])

    @property
    def overall_change(self) -> float | None:
        """The overall percentage's movement in points, or None when either side scored nothing."""
        return _delta(self.overall_then, self.overall_now, 1)

    @property
    def overall_direction(self) -> str:
        """Whether the overall percentage went up, down or stayed level."""
        return _direction(self.overall_change)



def side(result: Result | Room) -> Side:
    """Reduce one partnership's result (one answers file, or a room's) to the figures a comparison needs."""
    f = _Figures({}, {}, {}, {}, {}, set())
    if isinstance(result, Result):
        _read_single(result, f)
    else:
        _read_group(result, f)
    needs = {(n.section, n.question): (n.need, n.section_title) for n in result.needs}
    dates = result.dates
    date = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}" if dates else ""
    return Side(result.partnership, date, result.respondents, f.sections, f.items, needs, result.overall.percent,
                frozenset(f.in_hand), f.rows, f.bounds, f.share)


def _read_single(result: Result, f: _Figures) -> None:
    for s in result.sections:
        if not s.scored:
            continue
        f.share[s.id] = s.required / max(1, sum(1 for i in s.items if i.kind == "choice"))
        percent = method.floor_percent(s.score, s.low, s.max) if s.covered else None
        f.sections[s.id] = (s.title, s.score, s.max, percent, s.band.label if s.band else "")
        answered = [(i, i.score) for i in s.items if i.score is not None]
        f.rows[s.id] = (tuple((i.question, score) for i, score in answered),) if s.covered else ()
        for i, score in answered:
            f.items[(s.id, i.question)] = (i.text, i.answer or "", score)
            f.bounds[(s.id, i.question)] = (i.floor, i.ceiling)
            if i.level == "tracked":
                f.in_hand.add((s.id, i.question))


def _read_group(result: Room, f: _Figures) -> None:
    for s in result.sections:
        if not s.scored:
            continue
        f.share[s.id] = s.required / max(1, sum(1 for i in s.items if i.kind == "choice"))
        f.sections[s.id] = (s.title, s.median_score, s.max, s.exact_percent, s.band.label if s.band else "")
        f.rows[s.id] = s.rows
        for i in s.items:
            if i.responses and i.counts:
                f.items[(s.id, i.question)] = (i.text, i.median or "", i.mean)
                f.bounds[(s.id, i.question)] = (i.floor, i.ceiling)
                if i.median_level == "tracked":
                    f.in_hand.add((s.id, i.question))


def same_partnership(first: str, second: str) -> bool:
    """Whether two partnership names are the same one (ignoring case, spacing and punctuation: matching.identity);
    an unnamed side matches any."""
    a, b = identity(first), identity(second)
    return not a or not b or a == b


def _direction(change: float | None) -> str:
    if change is None or abs(change) < 1e-9:
        return LEVEL
    return UP if change > 0 else DOWN


def _delta(then: float | None, now: float | None, places: int) -> float | None:
    return None if then is None or now is None else round(now - then, places)


def percent_over(s: Side, sid: str, questions: list[str]) -> float | None:
    """A side's section percent re-read over some of its questions: the (lower) median respondent who answered
    enough of them, floor to ceiling; None when nobody did."""
    needed = max(1, math.ceil(s.share.get(sid, method.DEFAULT_MIN_ANSWERED) * len(questions) - 1e-9))
    wanted = set(questions)
    percents = []
    for row in s.rows.get(sid, ()):
        answered = [(score, floor, ceiling) for q, score in row if q in wanted
                    for floor, ceiling in (s.bounds.get((sid, q), (None, None)),)
                    if floor is not None and ceiling is not None]
        if len(answered) < needed:
            continue
        low = sum(floor for _, floor, _ in answered)
        high = sum(ceiling for _, _, ceiling in answered)
        value = method.floor_percent(sum(score for score, _, _ in answered), low, high)
        if value is not None:
            percents.append(value)
    return method.lower_median(percents) if percents else None


def _section_move(a: Side, b: Side, sid: str, min_change: float) -> SectionMove:
    title, now_score, maximum, now, now_band = b.sections[sid]
    _, then_score, _, then, then_band = a.sections[sid]
    then_q = [q for (s, q) in a.items if s == sid]
    now_q = [q for (s, q) in b.items if s == sid]
    common = [q for q in now_q if q in set(then_q)]
    short: tuple[str, ...] = ()
    shared: int | None = None
    if then is None or now is None:
        # A side below the coverage rule is not read over fewer questions either: it has no figure to compare.
        short = tuple(side for side, p in ((BASELINE, then), (FOLLOWUP, now)) if p is None)
        then = now = then_score = now_score = None
    elif set(then_q) != set(now_q):
        then, now = percent_over(a, sid, common), percent_over(b, sid, common)
        then_score = now_score = None
        shared = len(common)
    then, now = method.rounded(then), method.rounded(now)
    change = _delta(then, now, 1)
    regressed = change is not None and change < 0 and change <= -min_change + 1e-9
    return SectionMove(sid, title, then, now, change, _direction(change), then_band, now_band, then_score, now_score,
                       maximum, regressed, short, shared, len(then_q), len(now_q))


def compare(baseline: Result | Room, followup: Result | Room,
            min_change: float = method.DEFAULT_MIN_CHANGE) -> Comparison:
    """Per section and per question, then and now and the movement; needs by what became of them.

    ``min_change`` must be a finite number of points, 0 or more (NaN would make every fall pass)."""
    if not math.isfinite(min_change) or min_change < 0:
        raise ValueError(f"min_change must be a finite number of points, 0 or more, not {min_change!r}")
    a, b = side(baseline), side(followup)
    moves = [_section_move(a, b, sid, min_change) for sid in b.sections if sid in a.sections]
    items = []
    for key, (text, now_answer, now_score) in b.items.items():
        if key not in a.items:
            continue
        _, then_answer, then_score = a.items[key]
        change = _delta(then_score, now_score, 2)
        items.append(ItemMove(key[0], key[1], text, then_answer, now_answer, then_score, now_score, change,
                              _direction(change)))

    def changes(keys: list[Key], source: dict[Key, tuple[str, str]]) -> tuple[NeedChange, ...]:
        return tuple(NeedChange(k[0], source[k][1], k[1], source[k][0]) for k in keys)

    # A baseline need whose question was not answered again is left out: nothing says what became of it.
    reassessed = [k for k in a.needs if k in b.items]
    resolved = [k for k in reassessed if k not in b.needs and k not in b.in_hand]
    in_hand = [k for k in reassessed if k not in b.needs and k in b.in_hand]
    persisting = [k for k in b.needs if k in a.needs]
    new = [k for k in b.needs if k not in a.needs and k in a.items]
    not_assessed = [k for k in b.needs if k not in a.needs and k not in a.items]
    different = not same_partnership(a.partnership, b.partnership)
    name = f"{a.partnership} → {b.partnership}" if different else a.partnership or b.partnership  # the first spelling
    return Comparison(
        partnership=name, baseline=a, followup=b, sections=tuple(moves),
        only_baseline=tuple(a.sections[s][0] for s in a.sections if s not in b.sections),
        only_followup=tuple(b.sections[s][0] for s in b.sections if s not in a.sections),
        items=tuple(items), resolved=changes(resolved, a.needs), new=changes(new, b.needs),
        persisting=changes(persisting, b.needs), overall_then=a.overall, overall_now=b.overall,
        in_hand=changes(in_hand, a.needs), not_assessed=changes(not_assessed, b.needs), min_change=min_change,
        different_partnerships=different,
    )
