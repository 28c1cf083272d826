"""A partnership's trend over three or more assessments. Pure: no printing, no files.

Each assessment is one answers file or a room of respondents, read with the headline figure (docs/method.md).
The assessments are put in date order: a file's ``date:``, or the lower median of a room's respondents' dates;
rooms whose dates overlap are flagged. Between each assessment and the next, ``compare`` (score/compare.py)
decides what moved and what became of each need, so that *resolved*, *now in hand*, *persisting* and *raised*
mean here exactly what they mean in a comparison. Across a gap (a section or question not asked in between),
the comparison is with the last assessment that asked it: each section's latest move, which
``--fail-on-regression`` reads, and each need's history. When the assessments scored different sections, the
overall figure is re-worked at each over the sections all of them scored (compare.common_overall).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple, Union

from lsp_check import method
from lsp_check.problems import InputError, Problem
from lsp_check.questionnaire import ISO_DATE, iso_date
from lsp_check.score.compare import (
    Comparison,
    NeedChange,
    SectionMove,
    Side,
    common_overall,
    compare,
    moved_up,
    same_partnership,
    side,
)
from lsp_check.score.compare import assessment_date as fieldwork_date
from lsp_check.score.result import Result

if TYPE_CHECKING:
    from lsp_check.score.room import Room

Assessed = Union[Result, "Room"]

MINIMUM = 3

# What a need's answer was in one assessment.
NEED = "need"
IN_HAND = "in_hand"
MET = "met"  # answered without a need and not in hand
NOT_ANSWERED = "not_answered"

# The categories of a need, as compare names them, with "raised" for compare's "new" and "not assessed".
RAISED = "raised"
NOT_REASSESSED = "not_reassessed"  # a need whose question was not answered at the next assessment (or again)
STEP_CATEGORIES = (("resolved", "resolved"), ("improved", "improved"), ("in_hand", "in_hand"),
                   ("persisting", "persisting"), ("lapsed", "lapsed"), ("new", RAISED), ("not_assessed", RAISED),
                   ("not_reassessed", NOT_REASSESSED))


class Assessment(NamedTuple):
    """One assessment in the series: where it came from, its date and its headline overall figure; ``first`` and
    ``last`` are the earliest and latest of its respondents' dates."""

    source: str  # the argument that named it
    date: str
    respondents: int
    overall: float | None
    first: str = ""
    last: str = ""
    overall_exact: float | None = None
    threshold: int | None = None  # a room's anonymity threshold (Side.threshold)
    small: bool = False  # a room below it (Side.small)


class SectionSeries(NamedTuple):
    """A section's headline percent at each assessment (None where it was not answered enough to score)."""

    id: str
    title: str
    percents: tuple[float | None, ...]
    bands: tuple[str, ...]
    latest: SectionMove | None  # the latest assessment against its last available figure (None: not asked now)
    since: int = -1  # the assessment ``latest`` compares with: the last before the latest that scored it
    exact: tuple[float | None, ...] = ()  # the percents unrounded
    asked: tuple[bool, ...] = ()  # whether each assessment answered the section at all

    @property
    def change(self) -> float | None:
        """Points from the first assessment scored to the last scored (from the unrounded figures, rounded once),
        or None with fewer than two scored."""
        return first_to_last(self.exact or self.percents)


class NeedHistory(NamedTuple):
    """One question that raised a need in some assessment: what its answer was at each, and its latest category."""

    section: str
    section_title: str
    question: str
    need: str
    states: tuple[str, ...]  # NEED, IN_HAND, MET or NOT_ANSWERED, one per assessment
    category: str  # resolved, improved, in_hand, persisting, lapsed, raised or not_reassessed: its latest standing
    since: int  # the index of the assessment at which it took that category
    # Raised where the answer moved up from in hand to a weak one: (then, now) answers (compare.moved_up), else None.
    moved_up: tuple[str, str] | None = None


class TrendStep(NamedTuple):
    """Two consecutive assessments compared, with their need categories under trend's names."""

    then: int
    now: int
    comparison: Comparison

    def needs(self, category: str) -> tuple[NeedChange, ...]:
        """The needs compare put in a trend category (raised joins compare's new and not assessed)."""
        return tuple(n for key, name in STEP_CATEGORIES if name == category for n in getattr(self.comparison, key))


class Trend(NamedTuple):
    """One partnership's assessments in date order: sections' series, each step compared, each need's history."""

    partnership: str
    assessments: tuple[Assessment, ...]
    sections: tuple[SectionSeries, ...]
    steps: tuple[TrendStep, ...]
    needs: tuple[NeedHistory, ...]
    min_change: float = method.DEFAULT_MIN_CHANGE
    overlaps: tuple[tuple[int, int], ...] = ()  # assessments whose respondents' dates overlap, earlier first
    # The overall figure at each assessment, unrounded, over the sections every assessment scored when they scored
    # different sections (their ids in overall_sections; compare.common_overall), else each one's own overall.
    overall_exact: tuple[float | None, ...] = ()
    overall_sections: tuple[str, ...] | None = None

    @property
    def overall_percents(self) -> tuple[float | None, ...]:
        """The Overall row's figure at each assessment, rounded once."""
        return tuple(method.rounded(p) for p in self.overall_exact)

    @property
    def overall_change(self) -> float | None:
        """The Overall row's change from the first assessment with a figure to the last, rounded once."""
        return first_to_last(self.overall_exact)

    @property
    def overall_latest(self) -> float | None:
        """The Overall row's change since the assessment before the latest, rounded once (None when either has no
        figure)."""
        then, now = self.overall_exact[-2:] if len(self.overall_exact) >= 2 else (None, None)
        return None if then is None or now is None else method.rounded(now - then)

    @property
    def latest(self) -> Comparison:
        """The latest assessment compared with the one before it."""
        return self.steps[-1].comparison

    @property
    def regressions(self) -> tuple[SectionMove, ...]:
        """Sections that regressed at the latest assessment, each against its last available figure: what
        --fail-on-regression reads."""
        return tuple(s.latest for s in self.sections if s.latest is not None and s.latest.regressed)

    def category(self, name: str) -> tuple[NeedHistory, ...]:
        """The needs whose latest category is ``name``, in the order they were first met."""
        return tuple(n for n in self.needs if n.category == name)


def first_to_last(figures: Sequence[float | None]) -> float | None:
    """The change from the first figure there is to the last, rounded once; None with fewer than two."""
    found = [f for f in figures if f is not None]
    return method.rounded(found[-1] - found[0]) if len(found) >= 2 else None


def assessment_date(result: Assessed) -> str:
    """An assessment's date: a file's ``date:``, or the lower median of a room's respondents' dates ('' when
    none)."""
    return fieldwork_date(result)


def _day(text: str) -> datetime.date:
    """The date of an assessment's date text, by the one rule answers files are read with (questionnaire.iso_date)."""
    day = iso_date(text)
    if day is None:
        raise ValueError(text)
    return day


def _dated(inputs: Sequence[tuple[str, Assessed]]) -> list[tuple[datetime.date, str, str, Assessed]]:
    problems, dated = [], []
    for source, result in inputs:
        try:
            dates = [d for d in result.dates if d]
            for text in dates:
                _day(text)
        except ValueError:
            problems.append(Problem(source, f"has the date '{text}'; expected {ISO_DATE}, so that trend can put "
                                            "the assessments in order"))
            continue
        date = assessment_date(result)
        if not date:
            where = "its respondents' answers files" if hasattr(result, "dates") else "the answers file"
            problems.append(Problem(source, "has no date; trend puts assessments in date order, so each needs one "
                                            f"(add 'date: YYYY-MM-DD' to {where})"))
            continue
        dated.append((_day(date), date, source, result))
    dated.sort(key=lambda d: d[0])
    for (day, date, first, _), (later, _, second, _) in zip(dated, dated[1:]):
        if day == later:
            problems.append(Problem(second, f"has the same date as {first} ({date}); trend puts assessments in date "
                                            "order, so each needs its own date (the same file given twice? a room "
                                            "in two parts is one directory)"))
    if problems:
        raise InputError(problems)
    return dated


def check_inputs(inputs: Sequence[tuple[str, Assessed]]) -> None:
    """Refuse fewer than three assessments, and assessments of different partnerships (bad input, exit 2)."""
    if len(inputs) < MINIMUM:
        where = inputs[-1][0] if inputs else "trend"
        raise InputError([Problem(where, f"trend takes {MINIMUM} or more assessments of one partnership, "
                                         f"{len(inputs)} {'was' if len(inputs) == 1 else 'were'} given; "
                                         "to compare two, use 'lsp-check compare BASELINE FOLLOWUP'")])
    names: dict[str, str] = {}
    for source, result in inputs:
        name = result.partnership
        if name and not any(same_partnership(name, known) for known in names):
            names[name] = source
    if len(names) > 1:
        listed = "; ".join(f"{name} ({source})" for name, source in names.items())
        raise InputError([Problem(list(names.values())[1], f"the assessments are of {len(names)} partnerships: "
                                                           f"{listed}; trend follows one partnership over time "
                                                           "(use 'lsp-check cluster' to set partnerships side by side)")])


def trend(inputs: Sequence[tuple[str, Assessed]], min_change: float = method.DEFAULT_MIN_CHANGE) -> Trend:
    """The trend of (source, result) assessments of one partnership, in any order: put in date order and compared
    step by step."""
    check_inputs(inputs)
    dated = _dated(inputs)
    results = [result for *_, result in dated]
    sides = [side(r) for r in results]
    compared: dict[tuple[int, int], Comparison] = {}

    def pair(then: int, now: int) -> Comparison:
        """Two assessments compared by compare's rules (each pair once)."""
        if (then, now) not in compared:
            compared[(then, now)] = compare(results[then], results[now], min_change)
        return compared[(then, now)]

    steps = tuple(TrendStep(i, i + 1, pair(i, i + 1)) for i in range(len(results) - 1))
    spans = [_span(r) for r in results]
    assessments = tuple(Assessment(source, date, s.respondents, method.rounded(s.overall), *span, s.overall_exact,
                                   s.threshold, s.small)
                        for (_, date, source, _), s, span in zip(dated, sides, spans))
    name = next((s.partnership for s in sides if s.partnership), "")  # the first spelling (matching.identity)
    overall, over = common_overall(sides)
    return Trend(name, assessments, _series(sides, pair), steps, _histories(sides, pair), min_change,
                 _overlaps(spans), overall, over)


def _span(result: Assessed) -> tuple[str, str]:
    found = sorted((d for d in result.dates if d), key=_day)
    return (found[0], found[-1]) if found else ("", "")


def _overlaps(spans: list[tuple[str, str]]) -> tuple[tuple[int, int], ...]:
    """Pairs of assessments (in date order) whose respondents' dates overlap: the later one began before the
    earlier one's last answers came in."""
    return tuple((i, j) for i in range(len(spans)) for j in range(i + 1, len(spans))
                 if spans[i][1] and spans[j][0] and _day(spans[j][0]) <= _day(spans[i][1]))


def _series(sides: list[Side], pair: Callable[[int, int], Comparison]) -> tuple[SectionSeries, ...]:
    order: dict[str, str] = {}
    for s in sides:
        for sid, (title, *_rest) in s.sections.items():
            order.setdefault(sid, title)
    last = len(sides) - 1
    series = []
    for sid, title in order.items():
        percents = tuple(method.rounded(s.sections[sid][3]) if sid in s.sections else None for s in sides)
        bands = tuple(s.sections[sid][4] if sid in s.sections else "" for s in sides)
        move, since = None, -1
        if sid in sides[last].sections:
            # The last earlier assessment that scored it, else the last that asked it at all.
            asked = [j for j in range(last) if sid in sides[j].sections]
            scored = [j for j in asked if sides[j].sections[sid][3] is not None]
            if asked:
                since = (scored or asked)[-1]
                move = next(m for m in pair(since, last).sections if m.id == sid)
        exact = tuple(s.sections[sid][3] if sid in s.sections else None for s in sides)
        series.append(SectionSeries(sid, title, percents, bands, move, since, exact,
                                    tuple(sid in s.sections for s in sides)))
    return tuple(series)


def _state(s: Side, key: tuple[str, str]) -> str:
    if key in s.needs:
        return NEED
    if key in s.in_hand:
        return IN_HAND
    return MET if key in s.items else NOT_ANSWERED


def _category(comparison: Comparison, key: tuple[str, str]) -> str | None:
    """The trend category compare gives a question, or None (answered without a need both times)."""
    for field, name in STEP_CATEGORIES:
        changes: tuple[NeedChange, ...] = getattr(comparison, field)
        if any((n.section, n.question) == key for n in changes):
            return name
    return None


def _histories(sides: list[Side], pair: Callable[[int, int], Comparison]) -> tuple[NeedHistory, ...]:
    """Each need's history: its category from each assessment that answered its question to the next that did,
    so a question not asked in between is compared across the gap."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for s in sides:
        for key, (need, section_title) in s.needs.items():
            found.setdefault(key, (need, section_title))
    histories = []
    for key, (need, section_title) in found.items():
        states = tuple(_state(s, key) for s in sides)
        answered = [i for i, state in enumerate(states) if state != NOT_ANSWERED]
        # First answered with a need after an assessment that did not ask it: raised there.
        kept = (RAISED, answered[0]) if answered[0] > 0 and states[answered[0]] == NEED else None
        up: tuple[str, str] | None = None
        for then, now in zip(answered, answered[1:]):
            name = _category(pair(then, now), key)
            # A need that keeps its category keeps the step it first took it at ("persisting since 2006").
            if name is not None and (kept is None or kept[0] != name):
                kept = (name, now if name != "persisting" else then)
                up = moved_up(sides[then], sides[now], key) if name == RAISED else None
        category, since = kept or (NOT_REASSESSED, answered[-1])
        histories.append(NeedHistory(key[0], section_title, key[1], need, states, category, since, up))
    return tuple(histories)
