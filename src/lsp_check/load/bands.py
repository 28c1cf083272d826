"""A questionnaire section's bands, checked against each other and against the values its questions' scales can
give: no overlap, no gap, every possible value covered, as far as the scales are known."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from lsp_check.load.limits import MAX_BAND_BOUND, shorten
from lsp_check.load.shape import Checker
from lsp_check.problems import KeyPath
from lsp_check.questionnaire import Band

BAND_KEYS = ("min", "max", "label", "text")


class Span(NamedTuple):
    """The values a section's bands must cover: exactly, or (a scale with a score not read) values answers reach."""

    lowest: float
    highest: float
    whole: bool
    exact: bool


def check_bands(checker: Checker, path: KeyPath, raw: Any, basis: str, span: Span | None,
                scored: bool) -> tuple[Band, ...]:
    """The section's bands, each checked, then checked together: no overlap, no gap, every possible value covered.

    Where the possible values are not known (``span`` None: a question's scale could not be read), overlaps are
    still checked, and gaps between bands of whole-number totals; where they are known in part (a scale with a
    score not read), every value the answers can reach is still checked.
    """
    items = checker.sequence(path, raw, "bands")
    bands: list[tuple[int, Band]] = []
    for i, item in enumerate(items):
        here = path + (i,)
        if checker.mapping(here, item, BAND_KEYS, ("min", "max", "label"), what="a band") is None:
            continue
        low = checker.number(here + ("min",), item.get("min"), "a number", -MAX_BAND_BOUND, MAX_BAND_BOUND)
        high = checker.number(here + ("max",), item.get("max"), "a number", -MAX_BAND_BOUND, MAX_BAND_BOUND)
        label = checker.text(here + ("label",), item.get("label"), "a label")
        text = checker.optional_text(here + ("text",), item.get("text"))
        if low is None or high is None or label is None:
            continue
        if low > high:
            checker.error(here, f"min {low} is greater than max {high}")
            continue
        bands.append((i, Band(low, high, label, text)))
    if not bands or len(bands) != len(items) or not scored:
        if not scored and items:
            checker.error(path, "bands need scored questions; this section has none")
        return tuple(b for _, b in bands)
    ordered = sorted(bands, key=lambda ib: ib[1].min)
    if span is None:  # nothing is known beyond the bands themselves
        lowest, highest = ordered[0][1].min, max(b.max for _, b in bands)
        whole = basis == "total" and all(float(b.min).is_integer() and float(b.max).is_integer() for _, b in bands)
    else:
        lowest, highest, whole = span.lowest, span.highest, span.whole
    for (_, before), (j, after) in zip(ordered, ordered[1:]):
        if after.min <= before.max:
            checker.error(
                path + (j,),
                f"band '{shorten(after.label)}' ({_n(after.min)}–{_n(after.max)}) overlaps band '{shorten(before.label)}' "
                f"({_n(before.min)}–{_n(before.max)})",
            )
        elif whole and after.min > before.max + 1:
            checker.error(
                path + (j,),
                f"no band covers {_range(before.max + 1, after.min - 1)}, between band '{shorten(before.label)}' "
                f"and band '{shorten(after.label)}'",
            )
    first, last = ordered[0], ordered[-1]
    exact = span is None or span.exact
    if first[1].min > lowest:
        checker.error(path + (first[0],), f"no band covers {_range(lowest, first[1].min - (1 if whole else 0))}, "
                      + (f"the lowest possible {basis}" if exact else "which the answers can reach"))
    if last[1].max < highest:
        checker.error(path + (last[0],), f"no band covers {_range(last[1].max + (1 if whole else 0), highest)}, "
                      + (f"the highest possible {basis}" if exact else "which the answers can reach"))
    return tuple(b for _, b in bands)


def span(scales: Sequence[tuple[tuple[float, ...], bool] | None], basis: str) -> Span | None:
    """The lowest and highest value a section's bands must cover, and whether values are whole numbers, from the
    scale of each scored question: the scores read and whether every score was (None: nothing of it is known)."""
    if not scales or any(scale is None or not scale[0] for scale in scales):
        return None
    known = [scale for scale in scales if scale is not None]
    exact = all(every for _scores, every in known)
    if basis == "percent":
        return Span(0.0, 100.0, False, True)  # from floor to ceiling, whatever the scale's scores (method.md, rule 1)
    if basis == "mean":
        return Span(min(min(scores) for scores, _ in known), max(max(scores) for scores, _ in known), False, exact)
    whole = all(float(score).is_integer() for scores, _ in known for score in scores)
    return Span(sum(min(scores) for scores, _ in known), sum(max(scores) for scores, _ in known), whole, exact)


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _range(low: float, high: float) -> str:
    return _n(low) if low == high else f"{_n(low)}–{_n(high)}"
