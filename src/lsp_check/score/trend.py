"""A partnership's trend over three or more assessments. Pure: no printing, no files.

Each assessment is one answers file or a room of respondents (see ``assessment.py``), read with the headline
figure (docs/method.md rule 4). The assessments are put in date order: a file's ``date:``, or the latest date
of a room's respondents. Between each assessment and the next, ``compare`` (score/compare.py) decides what
moved and what became of each need, so that *resolved*, *now in hand*, *persisting* and *raised* mean here
exactly what they mean in a comparison; ``--fail-on-regression`` reads the latest of those steps.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple, Union

from lsp_check import method
from lsp_check.problems import InputError, Problem
from lsp_check.questionnaire import ISO_DATE, iso_date
from lsp_check.score.compare import Comparison, NeedChange, SectionMove, Side, compare, same_partnership, side
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
NOT_REASSESSED = "not_reassessed"  # a need of the first assessment whose question was never answered again
STEP_CATEGORIES = (("resolved", "resolved"), ("in_hand", "in_hand"), ("persisting", "persisting"),
                   ("new", RAISED), ("not_assessed", RAISED))


class Assessment(NamedTuple):
    """One assessment in the series: where it came from, its date and its headline overall figure."""

    source: str  # the argument that named it
    date: str
    respondents: int
    overall: float | None


class SectionSeries(NamedTuple):
    """A section's headline percent at each assessment (None where it was not answered enough to score)."""

    id: str
    title: str
    percents: tuple[float | None, ...]
    bands: tuple[str, ...]
    latest: SectionMove | None  # the latest step, by compare's rule (None when not in both of the last two)

    @property
    def change(self) -> float | None:
        """Points from the first assessment scored to the last scored, or None with fewer than two scored."""
        scored = [p for p in self.percents if p is not None]
        return round(scored[-1] - scored[0], 1) if len(scored) >= 2 else None


class NeedHistory(NamedTuple):
    """One question that raised a need in some assessment: what its answer was at each, and its latest category."""

    section: str
    section_title: str
    question: str
    need: str
    states: tuple[str, ...]  # NEED, IN_HAND, MET or NOT_ANSWERED, one per assessment
    category: str  # resolved, in_hand, persisting, raised (or not_reassessed): what the last step said of it
    since: int  # the index of the assessment at which it took that category


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

    @property
    def latest(self) -> Comparison:
        """The latest assessment compared with the one before it: what --fail-on-regression reads."""
        return self.steps[-1].comparison

    @property
    def regressions(self) -> tuple[SectionMove, ...]:
        """Sections that fell by at least ``min_change`` points at the latest step."""
        return self.latest.regressions

    def category(self, name: str) -> tuple[NeedHistory, ...]:
        """The needs whose latest category is ``name``, in the order they were first met."""
        return tuple(n for n in self.needs if n.category == name)


def assessment_date(result: Assessed) -> str:
    """An assessment's date: a file's ``date:``, or the latest date of a room's respondents ('' when none)."""
    found = [d for d in result.dates if d]
    return max(found, key=_day) if found else ""


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
    steps = tuple(TrendStep(i, i + 1, compare(results[i], results[i + 1], min_change)) for i in range(len(results) - 1))
    assessments = tuple(Assessment(source, date, s.respondents, method.rounded(s.overall))
                        for (_, date, source, _), s in zip(dated, sides))
    name = next((s.partnership for s in sides if s.partnership), "")  # the first spelling (matching.identity)
    return Trend(name, assessments, _series(sides, steps[-1].comparison), steps, _histories(sides, steps), min_change)


def _series(sides: list[Side], latest: Comparison) -> tuple[SectionSeries, ...]:
    order: dict[str, str] = {}
    for s in sides:
        for sid, (title, *_rest) in s.sections.items():
            order.setdefault(sid, title)
    moves = {m.id: m for m in latest.sections}
    series = []
    for sid, title in order.items():
        percents = tuple(method.rounded(s.sections[sid][3]) if sid in s.sections else None for s in sides)
        bands = tuple(s.sections[sid][4] if sid in s.sections else "" for s in sides)
        series.append(SectionSeries(sid, title, percents, bands, moves.get(sid)))
    return tuple(series)


def _state(s: Side, key: tuple[str, str]) -> str:
    if key in s.needs:
        return NEED
    if key in s.in_hand:
        return IN_HAND
    return MET if key in s.items else NOT_ANSWERED


def _histories(sides: list[Side], steps: tuple[TrendStep, ...]) -> tuple[NeedHistory, ...]:
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for s in sides:
        for key, (need, section_title) in s.needs.items():
            found.setdefault(key, (need, section_title))
    latest: dict[tuple[str, str], tuple[str, int]] = {}
    for step in steps:
        for field, name in STEP_CATEGORIES:
            changes: tuple[NeedChange, ...] = getattr(step.comparison, field)
            for n in changes:
                kept = latest.get((n.section, n.question))
                # A need that keeps its category keeps the step it first took it at ("persisting since 2006").
                if kept is None or kept[0] != name:
                    latest[(n.section, n.question)] = (name, step.now if name != "persisting" else step.then)
    histories = []
    for key, (need, section_title) in found.items():
        category, since = latest.get(key, (NOT_REASSESSED, 0))
        histories.append(NeedHistory(key[0], section_title, key[1], need, tuple(_state(s, key) for s in sides),
                                     category, since))
    return tuple(histories)
