"""The one place that turns a result and its gates into the verdict line and the exit status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from lsp_check.formats.numbers import num, pct

OK = 0
GATE_FAILED = 1
BAD_INPUT = 2
INTERNAL_ERROR = 3
INTERRUPTED = 130


class Verdict(NamedTuple):
    """What the run concluded: a line for stderr and the exit status that goes with it."""

    status: int
    line: str


def _summary(result: Any) -> str:
    o = result.overall
    needs = len(result.needs)
    summary = f"overall {num(o.score)} of {num(o.max)} ({pct(o.percent)}), {needs} need{'s' if needs != 1 else ''}"
    respondents = getattr(result, "respondents", None)
    if respondents is not None:
        summary = f"{respondents} respondent{'s' if respondents != 1 else ''}, " + summary
    elif o.questions > o.answered:
        summary += f", {o.questions - o.answered} unanswered"
    return summary


def decide_comparison(comparison: Any, fail_on_regression: bool = False) -> Verdict:
    """The verdict of a comparison: what moved; exit 1 with --fail-on-regression when any section fell."""
    moves = comparison.sections
    counts = {d: sum(1 for m in moves if m.direction == d) for d in ("up", "down", "level")}
    line = (f"{comparison.partnership or '(unnamed)'}: {counts['up']} section{'s' if counts['up'] != 1 else ''} up, "
            f"{counts['down']} down, {counts['level']} level; needs: {len(comparison.resolved)} resolved, "
            f"{len(comparison.new)} new, {len(comparison.persisting)} persisting")
    if not fail_on_regression:
        return Verdict(OK, f"lsp-check: {line}")
    if comparison.fallen:
        fallen = ", ".join(f"{m.title} {pct(m.then)} → {pct(m.now)}" for m in comparison.fallen)
        return Verdict(GATE_FAILED, f"lsp-check: FAIL: {line}; fell: {fallen}")
    return Verdict(OK, f"lsp-check: PASS: {line}; no section fell")


def decide(results: Any, fail_under: float | None = None) -> Verdict:
    """Compare each result's overall percentage (as reported, to one decimal place) with the gate.

    ``results`` is one result (a single sheet or a group) or a sequence of them (one per partnership).
    """
    many: Sequence[Any] = results if isinstance(results, (list, tuple)) and not hasattr(results, "_fields") else [results]
    named = len(many) > 1
    parts = []
    failed = []
    for result in many:
        summary = _summary(result)
        if named:
            summary = f"{result.partnership or '(unnamed)'}: {summary}"
        parts.append(summary)
        if fail_under is not None and (result.overall.percent is None or result.overall.percent < fail_under):
            failed.append(summary)
    if fail_under is None:
        return Verdict(OK, "lsp-check: " + "; ".join(parts))
    gate = f"--fail-under {num(fail_under)}"
    if failed:
        return Verdict(GATE_FAILED, f"lsp-check: FAIL: {'; '.join(failed)}; below {gate}")
    return Verdict(OK, f"lsp-check: PASS: {'; '.join(parts)}; meets {gate}")
