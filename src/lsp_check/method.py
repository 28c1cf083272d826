"""The scoring method's rules, each defined once (docs/method.md): agreement, coverage, percent, medians, the
overall figure, individual views and regressions.

Pure arithmetic on plain numbers, so the single-sheet engine, the room, compare,
cluster and the gates all read the same rule from here.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from lsp_check.figures import half_up

# Tastle & Wierman consensus below this is a disagreement: at 0.5 the answers are
# spread at least as widely as an even split between two answers two steps apart.
CONSENSUS_THRESHOLD = 0.5
# Fewer answers than this are not judged for disagreement: two people are a pair, not a room.
MIN_RESPONSES_FOR_AGREEMENT = 3
# Default coverage: a section is scored when at least half its scored questions are answered.
DEFAULT_MIN_ANSWERED = 0.5
# Default --min-change: a section falling by fewer percentage points than this is not a regression.
DEFAULT_MIN_CHANGE = 10.0
# On a scale of fewer steps than this, a minority of at most one answer in MINORITY_SHARE is not a disagreement.
SHORT_SCALE = 4
MINORITY_SHARE = 5
# A room's question answered by fewer than this many respondents, one of whom gave a weak answer, raises no need:
# the weak answer is listed as an individual view.
INDIVIDUAL_BELOW = 5

# A room's answers with more than this many days between one answer's date and the next are separate periods of
# fieldwork, which look like separate assessments combined: an away day is one day and a form is left open for a
# few weeks, while partnerships re-run the check 6 to 12 months apart (docs/method.md, rule 17).
SEPARATE_AFTER_DAYS = 31

# The lowest anonymity threshold any command takes (score/disclosure.py): a group of two is two people who can
# each read the other's answers off the figures.
LOWEST_THRESHOLD = 3
# The anonymity threshold a command uses unless told otherwise (--min-group).
DEFAULT_THRESHOLD = 3

NOT_ENOUGH = "not enough answers to score"
NOT_ENOUGH_WHOLE = "not enough answers to score the whole"


def fieldwork_periods(dates: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """A room's answer dates (ISO, any order) as periods of fieldwork, each (first, last), in date order: a new
    period starts where more than SEPARATE_AFTER_DAYS days pass with no answer. More than one period looks like
    separate assessments combined into one room. Dates that are not ISO dates are passed over."""

    days = []
    for text in set(dates):
        try:
            days.append(datetime.date.fromisoformat(text))
        except ValueError:
            continue
    days.sort()
    periods: list[tuple[str, str]] = []
    for i, day in enumerate(days):
        if i and (day - days[i - 1]).days <= SEPARATE_AFTER_DAYS:
            periods[-1] = (periods[-1][0], day.isoformat())
        else:
            periods.append((day.isoformat(), day.isoformat()))
    return tuple(periods)


class Period(NamedTuple):
    """One period of fieldwork of a room (``fieldwork_periods``): its first and last date, and how many respondents
    gave a date in it."""

    first: str
    last: str
    respondents: int


def periods_of(days: Mapping[str, int]) -> tuple[Period, ...]:
    """A room's periods of fieldwork from each date it gives with how many respondents gave it, in date order."""
    return tuple(Period(first, last, sum(n for day, n in days.items() if first <= day <= last))
                 for first, last in fieldwork_periods(list(days)))


def periods_apart(periods: Sequence[Period], threshold: int) -> bool:
    """Whether a room's periods of fieldwork may be reported apart (each named, each scored on its own): every one
    holds at least the anonymity ``threshold`` of respondents. One that holds fewer is a few people whose answers
    the room's report less the others' would give (docs/privacy.md)."""
    return all(period.respondents >= threshold for period in periods)


def consensus(counts: Sequence[int]) -> float | None:
    """Tastle & Wierman's consensus of counts on an ordinal scale, worst step first: 1 all agree, 0 split at the ends.

    Cns = 1 + sum(p_i * log2(1 - |i - mean| / width)), over scale positions i; None with no answers
    or a scale of one step.
    """
    total = sum(counts)
    width = len(counts) - 1
    if not total or width < 1:
        return None
    mean = sum(i * c for i, c in enumerate(counts)) / total
    value = 1.0
    for i, count in enumerate(counts):
        if count:
            value += count / total * math.log2(1 - abs(i - mean) / width)
    return max(0.0, min(1.0, value))


def disagrees(counts: Sequence[int], known: float | None = None) -> bool:
    """Whether a room's answers disagree: enough answers to judge, and consensus below the threshold; on a scale
    of two or three steps, also more than one answer in five off the median answer. ``known``: the counts'
    consensus, where it has been worked out already."""
    total = sum(counts)
    if total < MIN_RESPONSES_FOR_AGREEMENT:
        return False
    if len(counts) < SHORT_SCALE and (total - counts[lower_median_step(counts)]) * MINORITY_SHARE <= total:
        return False
    value = consensus(counts) if known is None else known
    return value is not None and value < CONSENSUS_THRESHOLD - 1e-12


def lower_median_step(counts: Sequence[int]) -> int:
    """The step (worst first) of the lower median answer of counts on an ordinal scale."""
    position, seen = (sum(counts) - 1) // 2, 0
    for step, count in enumerate(counts):
        seen += count
        if seen > position:
            return step
    return 0


def urgent_answer(score: float, lowest: float, marked: bool, any_marked: bool) -> bool:
    """Whether a weak answer is urgent: marked `urgent: true` where its scale marks any, else the scale's worst."""
    return marked if any_marked else score <= lowest


def individual_view(weak: int, responses: int) -> bool:
    """Whether a room's weak answers to a question are one person's view: a single weak answer among fewer than
    INDIVIDUAL_BELOW answers (two or more: one answer alone is the whole room's)."""
    return weak == 1 and 2 <= responses < INDIVIDUAL_BELOW


def required_answers(rule: float | int, scored_questions: int) -> int:
    """How many of a section's scored questions must be answered for it to be scored.

    A float is a share of the questions (0.5: at least half, rounded up); an int is a count.
    Never less than one, never more than the section has.
    """
    if scored_questions <= 0:
        return 0
    needed = math.ceil(rule * scored_questions - 1e-9) if isinstance(rule, float) else int(rule)
    return max(1, min(needed, scored_questions))


def floor_percent(score: float, low: float, high: float) -> float | None:
    """Where a score lies between the worst and best possible, in percent (unrounded); None when they coincide."""
    return (score - low) / (high - low) * 100 if high > low else None


def rounded(value: float | None, places: int = 1) -> float | None:
    """A figure rounded once, as every report shows it (half away from zero); gates read the unrounded one."""
    return None if value is None else half_up(value, places)


def lower_median(values: Sequence[float]) -> float:
    """The lower median: the middle value, or the lower of the middle two; always a value someone gave."""
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def medians_without_one(values: Sequence[float]) -> tuple[float, float]:
    """The lowest and highest lower median left when any one of the values is dropped (two or more values)."""
    ordered = sorted(values)
    middle = (len(ordered) - 2) // 2  # the lower median's place among the values left
    return ordered[middle], ordered[middle + 1]


def overall_percent(sections: Sequence[tuple[float, float]]) -> float | None:
    """The overall figure (unrounded): the sections' headline percents, each weighted by its score range
    (maximum − minimum); None when no section has a range. A weighted mean, so it never leaves the sections'
    own range; for one answers file it is the whole file's score from floor to ceiling."""
    weight = sum(w for _, w in sections if w > 0)
    if weight <= 0:
        return None
    return sum(p * w for p, w in sections if w > 0) / weight


def regressed(falls: Sequence[float], one_step: float, min_change: float) -> bool:
    """Whether a section regressed: every reading of its change (as measured, and with any one respondent left
    out of either side), worked out before rounding, falls by at least ``min_change`` and by more than
    ``one_step``, the most one respondent's answer moving one step can move the figure."""
    return bool(falls) and all(not short_of_min_change(change, min_change) and change < -one_step - GATE_TOLERANCE
                               and change < 0 for change in falls)


def short_of_min_change(change: float, min_change: float) -> bool:
    """Whether a change worked out before rounding falls by less than ``min_change`` points (or rises): the first
    test a regression must pass (rule 12), read as every gate reads its threshold (rule 5)."""
    return below_threshold(-change, min_change)


def fall_to_explain(change: float | None, exact: float | None, min_change: float) -> bool:
    """Whether a section's fall reaches ``min_change`` points as shown (rounded, ``change``) or before rounding
    (``exact``): a fall a reader would take for a regression, so one that is not must say why."""
    if change is None or exact is None or exact >= 0:
        return False
    return change <= -min_change or not short_of_min_change(exact, min_change)


# Gates compare unrounded figures with their thresholds: a figure within this of the threshold is at it (floating
# point leaves 56.25 as 56.24999…), far below any difference two of the method's figures can have.
GATE_TOLERANCE = 1e-9


def below_threshold(value: float, threshold: float) -> bool:
    """Whether an unrounded figure is below a gate's threshold (docs/method.md, rule 5)."""
    return value < threshold - GATE_TOLERANCE
