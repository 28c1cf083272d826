"""The one place that turns a result and its gates into the verdict line and the exit status."""

from __future__ import annotations

from typing import NamedTuple


from typing import Any, Sequence

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
