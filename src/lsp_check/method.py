"""The scoring method's rules, each defined once (docs/method.md): agreement, coverage, percent, medians.

Pure arithmetic on plain numbers, so the single-sheet engine, the room, compare,
cluster and the gates all read the same rule from here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

# Tastle & Wierman consensus below this is a disagreement: at 0.5 the answers are
# spread at least as widely as an even split between two answers two steps apart.
CONSENSUS_THRESHOLD = 0.5
# Fewer answers than this are not judged for disagreement: two people are a pair, not a room.
MIN_RESPONSES_FOR_AGREEMENT = 3
# Default coverage: a section is scored when at least half its scored questions are answered.
DEFAULT_MIN_ANSWERED = 0.5
# Default --min-change: a section falling by fewer percentage points than this is not a regression.
DEFAULT_MIN_CHANGE = 10.0

NOT_ENOUGH = "not enough answers to score"


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


def disagrees(counts: Sequence[int]) -> bool:
    """Whether a room's answers disagree: enough answers to judge, and consensus below the threshold."""
    if sum(counts) < MIN_RESPONSES_FOR_AGREEMENT:
        return False
    value = consensus(counts)
    return value is not None and value < CONSENSUS_THRESHOLD - 1e-12


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
    """A figure rounded as every report shows it."""
    return None if value is None else round(value, places)


def lower_median(values: Sequence[float]) -> float:
    """The lower median: the middle value, or the lower of the middle two; always a value someone gave."""
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]
