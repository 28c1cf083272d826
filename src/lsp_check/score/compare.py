"""Comparing a baseline with a follow-up of the same partnership. Pure: no printing, no files.

Each side is a single answers file or a group of respondents, read with the
headline figure (docs/method.md): a section's percent from floor to ceiling, at
the median respondent for a group. Rules:

- a section is compared only over the questions answered both times; when
  either side answered others, both are re-read over the common questions and
  the move carries a note saying so;
- a change is worked out from the unrounded figures and rounded once;
- the overall change is worked out over the sections both sides scored: when
  they scored different sections, both overall figures are re-worked over the
  common ones (common_overall), so a section one side did not answer cannot
  move the headline;
- a section *regressed* when it fell by at least ``min_change`` points
  (``--min-change``, default 10) before rounding, by more than one respondent's answer
  moving one step can move it, and still does with any one respondent left out
  of either side;
- a baseline need is *resolved* when no follow-up answer to it is weak or in
  hand, *improved* when it is no longer a need but some answers are still weak,
  *now in hand* when the follow-up answer is in hand, *persisting* when it is
  still a need, and *not reassessed* when the follow-up did not answer it; a
  follow-up need is *new* when the question was answered at the baseline
  without a need, and *not assessed at the baseline* when it was not answered
  then; an answer that was neither weak nor in hand and is now in hand has
  *lapsed*.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from lsp_check import method, questionnaire
from lsp_check.matching import identity
from lsp_check.score.disclosure import SMALL_ROOM, leave_one_out_shown
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
    steps: dict[Key, float]
    levels: dict[Key, str]
    weak: dict[Key, tuple[int, int]]
    names: dict[Key, str]
    answers: dict[Key, float]
    weights: dict[str, float]


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
    # (section, question) -> the largest step of its scale; its answer's level (a room's median's); how many
    # respondents gave a weak answer to it, of how many who answered it.
    steps: dict[Key, float] = {}  # noqa: RUF012
    levels: dict[Key, str] = {}  # noqa: RUF012
    weak: dict[Key, tuple[int, int]] = {}  # noqa: RUF012
    names: dict[Key, str] = {}  # noqa: RUF012 - (section, question) -> its need's name
    overall_exact: float | None = None  # the overall figure unrounded
    day: str = ""  # the assessment's date: a file's, or the lower median of a room's respondents' dates
    threshold: int | None = None  # a room's anonymity threshold (score/disclosure.py); None: one file, or named
    # (section, question) -> the score of its answer (a room's median answer; ``items`` holds a room's mean)
    answers: dict[Key, float] = {}  # noqa: RUF012
    weights: dict[str, float] = {}  # noqa: RUF012 - section id -> its score range (maximum − minimum), its weight overall
    small: bool = False  # a room below its anonymity threshold: nobody's answers are anonymous (disclosure.SMALL_ROOM)


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
    regressed: bool = False  # fell by at least the comparison's min_change, more than one step, without one respondent
    short: tuple[str, ...] = ()
    common: int | None = None
    then_answered: int = 0
    now_answered: int = 0
    then_n: int = 0  # respondents counted on each side
    now_n: int = 0
    one_step: float | None = None  # the most one respondent's answer moving one step moves the figure, in points
    least_fall: float | None = None  # the change nearest to none among it and its readings without one respondent
    steps: float | None = None  # the change in answer steps, for two single answers files
    exact_change: float | None = None  # the change unrounded
    least_withheld: bool = False  # least_fall withheld: it would give away a respondent's total (score/disclosure.py)

    @property
    def within_one_step(self) -> bool:
        """Whether the change is no more than one respondent's answer moving one step."""
        return (self.exact_change is not None and self.one_step is not None
                and abs(self.exact_change) <= self.one_step + 1e-9)


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
    # How the answer itself moved (a room's median answer), which a room's mean (``change``, ``direction``) may not
    # follow: the direction reports show beside the answers.
    answer_direction: str = ""
    then_mean: bool = False  # the score then is a room's mean (a file's is its answer's own)
    now_mean: bool = False  # the score now is a room's mean


def moved_direction(move: ItemMove) -> str:
    """How a question's answer moved (a room's median answer), the direction every report shows beside it."""
    return move.answer_direction or move.direction


class NeedChange(NamedTuple):
    """A need that was resolved, improved, is now in hand, persists, is new, was not assessed at the baseline or
    not reassessed at the follow-up, or an answer in place that lapsed into action in hand. ``weak`` of
    ``responses`` follow-up answers were weak (said of an improved need)."""

    section: str
    section_title: str
    question: str
    need: str
    weak: int = 0
    responses: int = 0


# What became of the needs, in reading order; those in SOMETIMES_EMPTY are listed only when they hold a need.
NEED_GROUPS = ("resolved", "improved", "in_hand", "persisting", "lapsed", "new", "not_assessed", "not_reassessed")
SOMETIMES_EMPTY = ("improved", "lapsed", "not_assessed", "not_reassessed")
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
    improved: tuple[NeedChange, ...] = ()
    lapsed: tuple[NeedChange, ...] = ()
    not_reassessed: tuple[NeedChange, ...] = ()
    reversed: bool = False  # the follow-up is dated before the baseline (compare --allow-reversed)
    left_out: tuple[int, int] | None = None  # with --same-respondents: respondents left out of each side
    overall_exact: float | None = None  # the overall change, unrounded
    # When the two sides scored different sections: the ids of those both scored, over which overall_then,
    # overall_now and the overall change are worked out (common_overall); None when they scored the same sections.
    overall_sections: tuple[str, ...] | None = None

    @property
    def room_changed(self) -> bool:
        """Whether the two sides counted different numbers of respondents."""
        return self.baseline.respondents != self.followup.respondents

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
        those that arise only in some comparisons (SOMETIMES_EMPTY: improved, lapsed, not assessed at the baseline,
        not reassessed), listed only when they hold a need."""
        return tuple((key, getattr(self, key)) for key in NEED_GROUPS if key not in SOMETIMES_EMPTY or getattr(self, key))

    @property
    def overall_change(self) -> float | None:
        """The overall percentage's movement in points (from the unrounded figures, rounded once), or None when
        either side has no overall figure."""
        return method.rounded(self.overall_exact)

    @property
    def overall_direction(self) -> str:
        """Whether the overall percentage went up, down or stayed level."""
        return direction_of(self.overall_change)



def side(result: Result | Room) -> Side:
    """Reduce one partnership's result (one answers file, or a room's) to the figures a comparison needs."""
    f = _Figures({}, {}, {}, {}, {}, set(), {}, {}, {}, {}, {}, {})
    if isinstance(result, Result):
        _read_single(result, f)
    else:
        _read_group(result, f)
    needs = {(n.section, n.question): (n.need, n.section_title) for n in result.needs}
    dates = result.dates
    date = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}" if dates else ""
    return Side(result.partnership, date, result.respondents, f.sections, f.items, needs, result.overall.percent,
                frozenset(f.in_hand), f.rows, f.bounds, f.share, f.steps, f.levels, f.weak, f.names,
                result.overall.exact, assessment_date(result),
                None if isinstance(result, Result) or result.disclosure is None else result.disclosure.threshold,
                f.answers, f.weights, not isinstance(result, Result) and result.disclosure is not None
                and SMALL_ROOM in result.disclosure.withheld)


def assessment_date(result: Result | Room) -> str:
    """An assessment's date: a file's ``date:``, or the lower median of its respondents' dates for a room, so
    that one late or mistyped date cannot move the whole room ('' when none)."""
    return result.date if isinstance(result, Result) else result.median_date


def _read_single(result: Result, f: _Figures) -> None:
    for s in result.sections:
        if not s.scored:
            continue
        f.share[s.id] = s.required / max(1, sum(1 for i in s.items if i.kind == "choice"))
        percent = method.floor_percent(s.score, s.low, s.max) if s.covered else None
        f.sections[s.id] = (s.title, s.score, s.max, percent, s.band.label if s.band else "")
        f.weights[s.id] = s.max - s.low
        answered = [(i, i.score) for i in s.items if i.score is not None]
        f.rows[s.id] = (tuple((i.question, score) for i, score in answered),) if s.covered else ()
        for i, score in answered:
            key = (s.id, i.question)
            f.items[key] = (i.text, i.answer or "", score)
            f.answers[key] = score
            f.bounds[key] = (i.floor, i.ceiling)
            f.steps[key] = i.step
            f.levels[key] = i.level or ""
            f.weak[key] = (1 if i.level == questionnaire.WEAK else 0, 1)
            f.names[key] = i.need or i.text
            if i.level == questionnaire.TRACKED:
                f.in_hand.add(key)


def _read_group(result: Room, f: _Figures) -> None:
    for s in result.sections:
        if not s.scored:
            continue
        f.share[s.id] = s.required / max(1, sum(1 for i in s.items if i.kind == "choice"))
        f.sections[s.id] = (s.title, s.median_score, s.max, s.exact_percent, s.band.label if s.band else "")
        f.weights[s.id] = s.max - s.low
        f.rows[s.id] = s.rows
        for i in s.items:
            if i.responses and i.counts:
                key = (s.id, i.question)
                f.items[key] = (i.text, i.median or "", i.mean)
                if i.median_score is not None:
                    f.answers[key] = i.median_score
                f.bounds[key] = (i.floor, i.ceiling)
                f.steps[key] = i.step
                f.levels[key] = i.median_level or ""
                f.weak[key] = (sum(c.chosen for c in i.counts if c.level == questionnaire.WEAK), i.responses)
                f.names[key] = i.need or i.text
                if i.median_level == questionnaire.TRACKED:
                    f.in_hand.add(key)


def common_overall(sides: Sequence[Side]) -> tuple[tuple[float | None, ...], tuple[str, ...] | None]:
    """Each side's overall figure (unrounded) over the sections every side scored, and those sections' ids.

    When the sides scored the same sections it is each side's own overall figure, and the ids are None. When they
    scored different sections, a whole-assessment overall would set one set of sections against another, so each
    side's overall is re-worked over the sections all of them scored, by the one overall rule
    (method.overall_percent: each section's headline percent weighted by its score range). A side with no overall
    figure of its own (a section below the coverage rule) has none here either; nor does any side when no section
    is common to all."""
    sets = [set(s.sections) for s in sides]
    if all(found == sets[0] for found in sets):
        return tuple(s.overall_exact for s in sides), None
    common = tuple(sid for sid in sides[0].sections if all(sid in found for found in sets[1:]))

    def over(s: Side) -> float | None:
        parts = [(s.sections[sid][3], s.weights.get(sid, 0.0)) for sid in common]
        if s.overall_exact is None or not parts or any(p is None for p, _ in parts):
            return None
        return method.overall_percent([(p or 0.0, w) for p, w in parts])

    return tuple(over(s) for s in sides), common


def same_partnership(first: str, second: str) -> bool:
    """Whether two partnership names are the same one (ignoring case, spacing and punctuation: matching.identity);
    an unnamed side matches any."""
    a, b = identity(first), identity(second)
    return not a or not b or a == b


def direction_of(change: float | None) -> str:
    """How a change moved: 'up', 'down' or 'level' (none, or within float noise of none)."""
    if change is None or abs(change) < 1e-9:
        return LEVEL
    return UP if change > 0 else DOWN


def _delta(then: float | None, now: float | None, places: int) -> float | None:
    return None if then is None or now is None else round(now - then, places)


def _readings(s: Side, sid: str, questions: list[str]) -> list[tuple[float, float]]:
    """Each counted respondent who answered enough of these questions: (percent over them, the points one of their
    answers moving one step moves it)."""
    needed = max(1, math.ceil(s.share.get(sid, method.DEFAULT_MIN_ANSWERED) * len(questions) - 1e-9))
    wanted = set(questions)
    readings = []
    for row in s.rows.get(sid, ()):
        answered = [(score, floor, ceiling, s.steps.get((sid, q), 0.0)) for q, score in row if q in wanted
                    for floor, ceiling in (s.bounds.get((sid, q), (None, None)),)
                    if floor is not None and ceiling is not None]
        if len(answered) < needed:
            continue
        low = sum(a[1] for a in answered)
        high = sum(a[2] for a in answered)
        value = method.floor_percent(sum(a[0] for a in answered), low, high)
        if value is not None:
            readings.append((value, max(a[3] for a in answered) / (high - low) * 100))
    return readings


def percent_over(s: Side, sid: str, questions: list[str]) -> float | None:
    """A side's section percent re-read over some of its questions: the (lower) median respondent who answered
    enough of them, floor to ceiling; None when nobody did."""
    percents = [p for p, _ in _readings(s, sid, questions)]
    return method.lower_median(percents) if percents else None


def _changes(then: float, now: float, before: list[float], after: list[float]) -> list[float]:
    """The change as measured, and as it reads with any one respondent left out of either side (a side of one
    respondent, one answers file, has nobody to leave out)."""
    changes = [now - then]
    if len(before) >= 2:
        changes += [now - t for t in method.medians_without_one(before)]
    if len(after) >= 2:
        changes += [n - then for n in method.medians_without_one(after)]
    return changes


def _section_move(a: Side, b: Side, sid: str, min_change: float) -> SectionMove:
    title, now_score, maximum, now, now_band = b.sections[sid]
    _, then_score, _, then, then_band = a.sections[sid]
    then_q = [q for (s, q) in a.items if s == sid]
    now_q = [q for (s, q) in b.items if s == sid]
    common = [q for q in now_q if q in set(then_q)]
    short: tuple[str, ...] = ()
    shared: int | None = None
    before, after = _readings(a, sid, common), _readings(b, sid, common)
    if then is None or now is None:
        # A side below the coverage rule is not read over fewer questions either: it has no figure to compare.
        short = tuple(side for side, p in ((BASELINE, then), (FOLLOWUP, now)) if p is None)
        then = now = then_score = now_score = None
    elif set(then_q) != set(now_q):
        then, now = percent_over(a, sid, common), percent_over(b, sid, common)
        then_score = now_score = None
        shared = len(common)
    exact = None if then is None or now is None else now - then
    one_step = max((step for _, step in before + after), default=None)
    least = None
    regressed = False
    steps = None
    if exact is not None and then is not None and now is not None:
        changes = _changes(then, now, [p for p, _ in before], [p for p, _ in after])
        least = max(changes) if exact < 0 else min(changes)
        regressed = method.regressed(changes, one_step or 0.0, min_change)
        if len(before) == len(after) == 1 and one_step:
            steps = exact / one_step
    # The regression rule reads the change without each respondent; a report may say it only where that cannot
    # give away another respondent's total (score/disclosure.py).
    withheld = least is not None and not (leave_one_out_shown(len(before), a.threshold)
                                          and leave_one_out_shown(len(after), b.threshold))
    change = method.rounded(exact)
    return SectionMove(sid, title, method.rounded(then), method.rounded(now), change, direction_of(change), then_band,
                       now_band, then_score, now_score, maximum, regressed, short, shared, len(then_q), len(now_q),
                       len(before), len(after), one_step, None if withheld else least, steps, exact, withheld)


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
        then_at, now_at = a.answers.get(key), b.answers.get(key)
        moved = direction_of(change) if then_at is None or now_at is None or then_at == now_at else (
            direction_of(now_at - then_at))
        items.append(ItemMove(key[0], key[1], text, then_answer, now_answer, then_score, now_score, change,
                              direction_of(change), moved, not isinstance(baseline, Result),
                              not isinstance(followup, Result)))

    def changes(keys: list[Key], source: dict[Key, tuple[str, str]]) -> tuple[NeedChange, ...]:
        return tuple(NeedChange(k[0], source[k][1], k[1], source[k][0]) for k in keys)

    reassessed = [k for k in a.needs if k in b.items]
    settled = [k for k in reassessed if k not in b.needs and k not in b.in_hand]
    # Resolved only when no answer is weak any more: a need that fell below the room's rule is improved.
    resolved = [k for k in settled if not b.weak.get(k, (0, 0))[0]]
    improved = [k for k in settled if b.weak.get(k, (0, 0))[0]]
    in_hand = [k for k in reassessed if k not in b.needs and k in b.in_hand]
    persisting = [k for k in b.needs if k in a.needs]
    new = [k for k in b.needs if k not in a.needs and k in a.items]
    not_assessed = [k for k in b.needs if k not in a.needs and k not in a.items]
    not_reassessed = [k for k in a.needs if k not in b.items]
    lapsed = [k for k in b.in_hand if k in a.items and k not in a.needs and k not in b.needs
              and a.levels.get(k) == questionnaire.OK]
    lapsed.sort(key=list(b.items).index)
    different = not same_partnership(a.partnership, b.partnership)
    (then_exact, now_exact), over = common_overall((a, b))
    name = f"{a.partnership} → {b.partnership}" if different else a.partnership or b.partnership  # the first spelling
    return Comparison(
        partnership=name, baseline=a, followup=b, sections=tuple(moves),
        only_baseline=tuple(a.sections[s][0] for s in a.sections if s not in b.sections),
        only_followup=tuple(b.sections[s][0] for s in b.sections if s not in a.sections),
        items=tuple(items), resolved=changes(resolved, a.needs), new=changes(new, b.needs),
        persisting=changes(persisting, b.needs), overall_then=method.rounded(then_exact),
        overall_now=method.rounded(now_exact),
        in_hand=changes(in_hand, a.needs), not_assessed=changes(not_assessed, b.needs), min_change=min_change,
        different_partnerships=different,
        improved=tuple(NeedChange(k[0], a.needs[k][1], k[1], a.needs[k][0], *b.weak[k]) for k in improved),
        lapsed=tuple(NeedChange(k[0], _section_title(b, k[0]), k[1], _named(b, k)) for k in lapsed),
        not_reassessed=changes(not_reassessed, a.needs), reversed=_before(b.day, a.day),
        overall_exact=None if then_exact is None or now_exact is None else now_exact - then_exact,
        overall_sections=over,
    )


def moved_up(baseline: Side, followup: Side, key: Key) -> tuple[str, str] | None:
    """(then, now) answers when a question's baseline answer (a room's median) was in hand and its follow-up
    answer is weak but higher on the scale ("No – but action is in hand" → "YES – but needs improving"): a need
    again, though the answer moved up, which a report must not read as a fall. None otherwise."""
    then, now = baseline.answers.get(key), followup.answers.get(key)
    if key not in baseline.in_hand or key not in followup.needs or then is None or now is None or now <= then:
        return None
    return baseline.items[key][1], followup.items[key][1]


def _section_title(s: Side, sid: str) -> str:
    return s.sections[sid][0] if sid in s.sections else sid


def _named(s: Side, key: Key) -> str:
    """A question's need name, where a side knows it, else its statement."""
    return s.names.get(key) or s.items[key][0]


def _before(later: str, earlier: str) -> bool:
    """Whether the date ``later`` is before ``earlier``, each read by the one rule answers files are read with
    (questionnaire.iso_date); False when either is missing or not a date."""
    first, second = questionnaire.iso_date(later), questionnaire.iso_date(earlier)
    return first is not None and second is not None and first < second
