"""The one place that turns a result and its gates into the verdict line and the exit status."""

# No `from __future__ import annotations` here: typing.NamedTuple defines classes with evaluated
# annotations at half the cost of string ones, and these classes are defined on every start (performance.md).

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from lsp_check.figures import num, pct

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


def summary(result: Any) -> str:
    """The overall score, needs and unanswered count (or respondents, for a group) in one phrase."""
    o = result.overall
    needs = len(result.needs)
    text = f"overall {num(o.score)} of {num(o.max)} ({pct(o.percent)}), {needs} need{'s' if needs != 1 else ''}"
    respondents = getattr(result, "respondents", None)
    if respondents is not None:
        return f"{respondents} respondent{'s' if respondents != 1 else ''}, " + text
    if o.questions > o.answered:
        text += f", {o.questions - o.answered} unanswered"
    return text


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


def decide(results: Any, fail_under: float | None = None, section_gates: Iterable[Gate] = ()) -> Verdict:
    """Compare percentages as reported (to one decimal place) with the overall gate and each section's gate.

    ``results`` is one result (a single sheet or a group) or a sequence of them (one per partnership).
    Any failed gate exits 1, whatever the others say; the line names every failed gate.
    """
    many: Sequence[Any] = results if isinstance(results, (list, tuple)) and not hasattr(results, "_fields") else [results]
    gates = ([Gate(fail_under)] if fail_under is not None else []) + list(section_gates)
    named = len(many) > 1
    parts: list[str] = []
    failed: list[str] = []
    failures: list[GateFailure] = []
    for result in many:
        text = summary(result)
        if named:
            text = f"{result.partnership or '(unnamed)'}: {text}"
        parts.append(text)
        found = [f for f in (_check(result, gate) for gate in gates) if f is not None]
        if found:
            failures.extend(found)
            failed.append(f"{text}; {'; '.join(f.reason for f in found)}")
    if not gates:
        return Verdict(OK, "lsp-check: " + "; ".join(parts))
    if failures:
        return Verdict(GATE_FAILED, "lsp-check: FAIL: " + "; ".join(failed), tuple(failures))
    return Verdict(OK, f"lsp-check: PASS: {'; '.join(parts)}; meets {' and '.join(g.option for g in gates)}")


def _section_percent(section: Any) -> float | None:
    # A single sheet's section has its percentage; a group's is read at its median respondent.
    return section.percent if hasattr(section, "percent") else section.median_percent


def _check(result: Any, gate: Gate) -> GateFailure | None:
    if not gate.section:
        percent = result.overall.percent
        return GateFailure(gate, "overall", percent) if percent is None or percent < gate.threshold else None
    section = next((s for s in result.sections if s.id == gate.section), None)
    if section is None:
        return GateFailure(gate, gate.section, None, answered=False)
    percent = _section_percent(section)
    if percent is None or percent < gate.threshold:
        return GateFailure(gate, section.title, percent)
    return None
