"""The one place that turns a result and its gates into the verdict line and the exit status."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from lsp_check.formats.numbers import num, pct
from lsp_check.result import Result

OK = 0
GATE_FAILED = 1
BAD_INPUT = 2
INTERNAL_ERROR = 3
INTERRUPTED = 130


class Gate(NamedTuple):
    """A threshold on a percentage as reported: the overall one, or one section's (``section`` is its id)."""

    threshold: float
    section: str = ""

    @property
    def option(self) -> str:
        """The gate as it was asked for on the command line."""
        if self.section:
            return f"--fail-under-section {self.section}={num(self.threshold)}"
        return f"--fail-under {num(self.threshold)}"


class GateFailure(NamedTuple):
    """A gate that was not met, with what was found: a section's title (or "overall") and its percentage."""

    gate: Gate
    subject: str
    percent: float | None
    answered: bool = True

    @property
    def reason(self) -> str:
        """Why the gate failed, in a few words that name it."""
        if not self.answered:
            return f"{self.subject} not answered, so {self.gate.option} is not met"
        if self.percent is None:
            where = "nothing scored" if not self.gate.section else f"nothing scored in {self.subject}"
            return f"{where}, so {self.gate.option} is not met"
        return f"{self.subject} {pct(self.percent)} below {self.gate.option}"


class Verdict(NamedTuple):
    """What the run concluded: a line for stderr, the exit status that goes with it, and each failed gate."""

    status: int
    line: str
    failures: tuple[GateFailure, ...] = ()


def summary(result: Result) -> str:
    """The overall score, needs and unanswered count in one phrase."""
    o = result.overall
    needs = len(result.needs)
    text = f"overall {num(o.score)} of {num(o.max)} ({pct(o.percent)}), {needs} need{'s' if needs != 1 else ''}"
    if o.questions > o.answered:
        text += f", {o.questions - o.answered} unanswered"
    return text


def decide(result: Result, fail_under: float | None = None, section_gates: Iterable[Gate] = ()) -> Verdict:
    """Compare percentages as reported (to one decimal place) with the overall gate and each section's gate.

    Any failed gate exits 1, whatever the others say; the line names every failed gate.
    """
    gates = ([Gate(fail_under)] if fail_under is not None else []) + list(section_gates)
    if not gates:
        return Verdict(OK, f"lsp-check: {summary(result)}")
    failures = tuple(f for f in (_check(result, gate) for gate in gates) if f is not None)
    if failures:
        return Verdict(GATE_FAILED, f"lsp-check: FAIL: {summary(result)}; {'; '.join(f.reason for f in failures)}",
                       failures)
    return Verdict(OK, f"lsp-check: PASS: {summary(result)}; meets {' and '.join(g.option for g in gates)}")


def _check(result: Result, gate: Gate) -> GateFailure | None:
    if not gate.section:
        percent = result.overall.percent
        return GateFailure(gate, "overall", percent) if percent is None or percent < gate.threshold else None
    section = next((s for s in result.sections if s.id == gate.section), None)
    if section is None:
        return GateFailure(gate, gate.section, None, answered=False)
    if section.percent is None or section.percent < gate.threshold:
        return GateFailure(gate, section.title, section.percent)
    return None
