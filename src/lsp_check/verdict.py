"""The one place that turns a result and its gates into the verdict line and the exit status."""

from __future__ import annotations

from typing import NamedTuple


from lsp_check.formats.numbers import num, pct
from lsp_check.result import Result

OK = 0
GATE_FAILED = 1
BAD_INPUT = 2
INTERNAL_ERROR = 3
INTERRUPTED = 130


class Verdict(NamedTuple):
    """What the run concluded: a line for stderr and the exit status that goes with it."""

    status: int
    line: str


def decide(result: Result, fail_under: float | None = None) -> Verdict:
    """Compare the overall percentage (as reported, to one decimal place) with the gate."""
    o = result.overall
    needs = len(result.needs)
    summary = f"overall {num(o.score)} of {num(o.max)} ({pct(o.percent)}), {needs} need{'s' if needs != 1 else ''}"
    if o.questions > o.answered:
        summary += f", {o.questions - o.answered} unanswered"
    if fail_under is None:
        return Verdict(OK, f"lsp-check: {summary}")
    if o.percent is None:
        return Verdict(GATE_FAILED, f"lsp-check: FAIL: nothing scored, so --fail-under {num(fail_under)} is not met")
    if o.percent < fail_under:
        return Verdict(GATE_FAILED, f"lsp-check: FAIL: {summary}; below --fail-under {num(fail_under)}")
    return Verdict(OK, f"lsp-check: PASS: {summary}; meets --fail-under {num(fail_under)}")
