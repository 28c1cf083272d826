"""The one place that turns a result and its gates into the verdict line and the exit status."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeGuard, Union, cast

from lsp_check.figures import below, num, pct, short_fall
from lsp_check.matching import UNNAMED
from lsp_check.method import (
    NOT_ENOUGH,
    NOT_ENOUGH_WHOLE,
    below_threshold,
    fall_to_explain,
    lower_median,
    short_of_min_change,
)
from lsp_check.problems import row_of
from lsp_check.score.result import Result, SectionResult

if TYPE_CHECKING:
    from lsp_check.load.validation import Validation
    from lsp_check.score.compare import Comparison, SectionMove
    from lsp_check.score.protocols import PartnershipResult, ScoredSection
    from lsp_check.score.room import Room, Rooms
    from lsp_check.score.trend import Trend

OK = 0
GATE_FAILED = 1
BAD_INPUT = 2
INTERNAL_ERROR = 3
SKIPPED = 4  # --skip-invalid left out a file with a problem: the report is written, but not of every file
INTERRUPTED = 130


class Gate(NamedTuple):
    """A threshold on a percentage before rounding: the overall one, or one section's (``section`` is its id)."""

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
    short: str = ""  # set when too few questions were answered to score: what the coverage rule asks for
    partnership: str = ""  # whose result failed it (a room holds several partnerships)

    @property
    def reason(self) -> str:
        """Why the gate failed, in a few words that name it."""
        if not self.answered:
            return f"{self.subject} not answered, so {self.gate.option} is not met"
        if self.short and not self.gate.section:
            return f"{self.subject}: {NOT_ENOUGH_WHOLE} ({self.short}), so {self.gate.option} is not met"
        if self.short:
            return f"{self.subject}: {NOT_ENOUGH} ({self.short}), so {self.gate.option} is not met"
        if self.percent is None:
            where = "nothing scored" if not self.gate.section else f"nothing scored in {self.subject}"
            return f"{where}, so {self.gate.option} is not met"
        return f"{self.subject} {below(self.percent, self.gate.threshold)} below {self.gate.option}"


class GateCheck(NamedTuple):
    """One gate read against one partnership's figure (or one section's change): the figure unrounded, as the gate
    reads it (docs/method.md, rule 5), whether it met the gate, and why not."""

    gate: str  # the option as asked for: "--fail-under 60", "--fail-under-section leadership=40", "--fail-on-regression"
    threshold: float  # the percentage, or for --fail-on-regression the --min-change in points
    subject: str  # "overall", or the section's title
    section: str  # the section's id ("" for overall)
    figure: float | None  # the percentage (or change) unrounded; None when there is none to read
    met: bool
    partnership: str = ""
    reason: str = ""  # why it was not met, as the verdict line says it


class Verdict(NamedTuple):
    """What the run concluded: a line for stderr, the exit status that goes with it, each failed gate, and every
    gate asked for as read against each figure (``checks``, for a JSON report)."""

    status: int
    line: str
    failures: tuple[GateFailure, ...] = ()
    checks: tuple[GateCheck, ...] = ()

    @property
    def gate_failed(self) -> bool:
        """Whether a gate the run was asked to hold failed (exit GATE_FAILED)."""
        return self.status == GATE_FAILED


def summary(result: PartnershipResult) -> str:
    """The overall score, needs and unanswered count (or respondents, for a group) in one phrase."""
    o = result.overall
    needs = len(result.needs)
    plural = "s" if needs != 1 else ""
    withheld = o.percent is None and any(s.scored and not s.covered for s in result.sections)
    if not isinstance(result, Result):  # a room
        room = cast("Room", result)
        respondents = room.respondents
        # A room's headline weighs its sections' medians (docs/method.md); pooled is said when sections differ,
        # unless disclosure control withholds it (a room below the anonymity threshold: score/disclosure.py).
        if withheld:
            figure = f"overall not scored ({NOT_ENOUGH_WHOLE})"
        elif room.section_sets > 1 and room.pooled_percent is None:
            figure = f"overall {pct(o.percent)} (sections' medians: respondents answered different sections)"
        elif room.section_sets > 1:
            figure = (f"overall {pct(o.percent)} (sections' medians; pooled {pct(room.pooled_percent)}: respondents "
                      "answered different sections)")
        else:
            figure = f"overall {pct(o.percent)} (sections' medians)"
        return f"{respondents} respondent{'s' if respondents != 1 else ''}, {figure}, {needs} need{plural}"
    if withheld:
        text = f"overall not scored ({NOT_ENOUGH_WHOLE}), {needs} need{plural}"
    else:
        low = result.overall.low
        # A percent from a floor above 0 is not score ÷ maximum: the floor is said beside it (docs/method.md, rule 1).
        floor = f": the lowest possible is {num(low)}" if low else ""
        text = (f"overall {num(result.overall.score)} of {num(result.overall.max)} ({pct(o.percent)}{floor}), "
                f"{needs} need{plural}")
    if o.questions > o.answered:
        text += f", {o.questions - o.answered} unanswered"
    return text


def _count(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def with_skipped(verdict: Verdict, skipped: Sequence[object]) -> Verdict:
    """The verdict of a run that left out files with problems (--skip-invalid): it says so first, and exits
    SKIPPED, so that CI never takes it for a clean run (a failed gate still exits GATE_FAILED)."""
    if not skipped:
        return verdict
    count = len(skipped)
    line = (f"lsp-check: INCOMPLETE: {_count(count, 'file')} with a problem left out (--skip-invalid); "
            f"{verdict.line.removeprefix('lsp-check: ')}")
    return verdict._replace(status=verdict.status or SKIPPED, line=line)


def decide_validation(validation: Validation) -> Verdict:
    """The verdict of validate: valid files counted by kind, files with problems; exit 2 when any has one."""
    kinds = {"answers": 0, "form": 0, "questionnaire": 0}
    responses = 0
    for item in validation.checked:
        kinds[item.kind] += 1
        if item.kind == "form":
            responses += item.respondents
    parts = []
    if kinds["answers"]:
        parts.append(_count(kinds["answers"], "answers file"))
    if kinds["form"]:
        parts.append(f"{_count(kinds['form'], 'form export')} ({_count(responses, 'response')})")
    if kinds["questionnaire"]:
        parts.append(_count(kinds["questionnaire"], "questionnaire file"))
    valid = len(validation.checked)
    line = f"{_count(valid, 'file')} valid" + (f": {', '.join(parts)}" if parts else "")
    warned = len({row_of(w.file)[0] for w in validation.warnings})
    if warned:
        line += f"; {_count(warned, 'file')} with warnings"
    failed = validation.failed_files
    if failed:
        problems = len(validation.problems)
        return Verdict(BAD_INPUT, f"lsp-check: {_count(failed, 'file')} with {_count(problems, 'problem')}; {line}")
    return Verdict(OK, f"lsp-check: {line}")


def decide_comparison(comparison: Comparison, fail_on_regression: bool = False) -> Verdict:
    """The verdict of a comparison: what moved; exit 1 with --fail-on-regression when a section regressed (the
    same regressions every report lists: method.regressed)."""
    moves = comparison.sections
    counts = {d: sum(1 for m in moves if m.direction == d) for d in ("up", "down", "level")}
    kinds = [f"{len(needs)} {key.replace('_', ' ').replace('not assessed', 'not assessed at the baseline')}"
             for key, needs in comparison.need_groups]
    line = (f"{comparison.partnership or UNNAMED}: {counts['up']} section{'s' if counts['up'] != 1 else ''} up, "
            f"{counts['down']} down, {counts['level']} level; needs: {', '.join(kinds)}")
    if comparison.room_changed and max(comparison.baseline.respondents, comparison.followup.respondents) > 1:
        line += (f"; respondents {comparison.baseline.respondents} → {comparison.followup.respondents}: the figures "
                 "may move with who answered")
    return _regression_verdict(line, comparison.sections, comparison.min_change, fail_on_regression,
                               comparison.partnership)


def _regression_verdict(line: str, moves: Sequence[SectionMove], min_change: float,
                        fail_on_regression: bool, partnership: str = "") -> Verdict:
    """The verdict of the regression gate (``_regression_line``), with each section's change read against it."""
    verdict = _regression_line(line, moves, min_change, fail_on_regression)
    if not fail_on_regression:
        return verdict
    checks = tuple(GateCheck("--fail-on-regression", min_change, m.title, m.id, m.exact_change, not m.regressed,
                             partnership, reason="" if not m.regressed else f"{m.title} fell by {num(min_change)} points or more")
                   for m in moves)
    return verdict._replace(checks=checks)


def _regression_line(line: str, moves: Sequence[SectionMove], min_change: float,
                     fail_on_regression: bool) -> Verdict:
    """The line with the regression gate's outcome: exit 1 when it was asked for and a section regressed: fell by
    at least --min-change before rounding, by more than one answer moving one step, with or without any one
    respondent (docs/method.md, rule 12). A fall the gate passes although it reaches --min-change, as shown or
    before rounding, says why."""
    if not fail_on_regression:
        return Verdict(OK, f"lsp-check: {line}")
    gate = f"{num(min_change)} points or more (--min-change)"
    regressions = [m for m in moves if m.regressed]
    if regressions:
        fallen = ", ".join(f"{m.title} {pct(m.then)} → {pct(m.now)}" for m in regressions)
        return Verdict(GATE_FAILED, f"lsp-check: FAIL: {line}; fell by {gate}: {fallen}")
    spared = [m for m in moves if fall_to_explain(m.change, m.exact_change, min_change)]
    if not spared:
        return Verdict(OK, f"lsp-check: PASS: {line}; no section fell by {gate}")
    why = ", ".join(f"{m.title} {pct(m.then)} → {pct(m.now)} {_spared(m, min_change)}" for m in spared)
    return Verdict(OK, f"lsp-check: PASS: {line}; no section regressed: {why}")


def _spared(move: SectionMove, min_change: float) -> str:
    """Why a fall that reaches --min-change, as shown or before rounding, is not a regression."""
    exact = move.exact_change
    if exact is not None and short_of_min_change(exact, min_change):
        return f"fell {short_fall(exact, min_change)}"
    if move.within_one_step:
        return f"is one answer moving one step at most ({pct(move.one_step)[:-1]} points)"
    return "rests on one respondent (not a fall of that size with any one of them left out)"


def decide_trend(trend: Trend, fail_on_regression: bool = False) -> Verdict:
    """The verdict of a trend: its assessments, then the latest step as compare reads it, with the same
    regression rule (exit 1 with --fail-on-regression when a section fell by at least --min-change since the
    assessment before the latest)."""
    dates = [a.date for a in trend.assessments]
    moves = trend.latest.sections
    counts = {d: sum(1 for m in moves if m.direction == d) for d in ("up", "down", "level")}
    step = trend.steps[-1]
    needs = ", ".join(f"{len(step.needs(key))} {key.replace('_', ' ')}"
                      for key in ("resolved", "improved", "in_hand", "persisting", "lapsed", "raised", "not_reassessed")
                      if key in ("resolved", "in_hand", "persisting", "raised") or step.needs(key))
    line = (f"{trend.partnership or UNNAMED}: {_count(len(dates), 'assessment')}, {dates[0]} to {dates[-1]}; "
            f"latest step ({dates[-2]} → {dates[-1]}): {_count(counts['up'], 'section')} up, {counts['down']} down, "
            f"{counts['level']} level; needs at that step: {needs}")
    latest = [s.latest for s in trend.sections if s.latest is not None]
    return _regression_verdict(line, latest, trend.min_change, fail_on_regression, trend.partnership)


def decide(results: Union[Result, Room, Rooms], fail_under: float | None = None,
           section_gates: Iterable[Gate] = (), left_out: Sequence[tuple[str, int]] | None = None,
           below: int = 0) -> Verdict:
    """The verdict of the gates (``_decide``), with every gate read against each partnership's figure.

    ``results`` is one answers file's result, one partnership's group, or a room (``Rooms``: one group per
    partnership). Any failed gate exits 1, whatever the others say; the line names every failed gate. The
    partnerships left out of a report of several, too small to report anonymously (a room's ``left_out``, or
    ``left_out`` below ``below`` respondents for a sectors report), are counted at the end of the line.
    """
    gates = ([Gate(fail_under)] if fail_under is not None else []) + list(section_gates)
    if left_out is None and _is_rooms(results):
        left_out, below = results.left_out, results.left_out_below
    verdict = with_left_out(_decide(results, gates), left_out or (), below)
    return verdict._replace(checks=tuple(_checked(r, g) for r in _partnerships(results) for g in gates))


def with_left_out(verdict: Verdict, left_out: Sequence[tuple[str, int]], below: int) -> Verdict:
    """The verdict counting the partnerships left out for anonymity: '3 partnerships left out: fewer than 3
    respondents'. The exit status is the verdict's own: leaving them out is the anonymity promise kept, not a
    failure (docs/privacy.md)."""
    if not left_out:
        return verdict
    why = f"fewer than {below} respondents" if below else "too few respondents to report anonymously"
    return verdict._replace(line=f"{verdict.line}; {_count(len(left_out), 'partnership')} left out: {why}")


def _decide(results: Union[Result, Room, Rooms], gates: list[Gate]) -> Verdict:
    """Compare percentages before rounding (method.below_threshold) with the overall gate and each section's gate."""
    many = _partnerships(results)
    if len(many) > SUMMARISE_OVER:
        return _decide_many(many, gates)
    named = len(many) > 1
    parts: list[str] = []
    failed: list[str] = []
    failures: list[GateFailure] = []
    for result in many:
        text = summary(result)
        if named:
            text = f"{result.partnership or UNNAMED}: {text}"
        parts.append(text)
        found = _failures(result, gates)
        if found:
            failures.extend(found)
            failed.append(f"{text}; {'; '.join(f.reason for f in found)}")
    if not gates:
        return Verdict(OK, "lsp-check: " + "; ".join(parts))
    if failures:
        return Verdict(GATE_FAILED, "lsp-check: FAIL: " + "; ".join(failed), tuple(failures))
    return Verdict(OK, f"lsp-check: PASS: {'; '.join(parts)}; meets {' and '.join(g.option for g in gates)}")


# Above this many partnerships the verdict line gives counts and the worst few, not a clause for each.
SUMMARISE_OVER = 2
WORST_SHOWN = 3


def _partnerships(results: Union[Result, Room, Rooms]) -> Sequence[PartnershipResult]:
    if _is_rooms(results):
        return results.rooms
    return [cast("PartnershipResult", results)]


def _is_rooms(results: Union[Result, Room, Rooms]) -> TypeGuard[Rooms]:
    # score.room is imported only once a room is in hand: one answers file's run never loads it. Measured by
    # bench/tricks.py "rooms-apart" (with score.disclosure, which cli/common imports only for rooms too).
    if isinstance(results, Result):
        return False
    from lsp_check.score.room import Rooms

    return isinstance(results, Rooms)


def _lowest_first(result: PartnershipResult) -> tuple[bool, float]:
    percent = result.overall.percent
    return (percent is not None, percent or 0.0)


def _decide_many(many: Sequence[PartnershipResult], gates: list[Gate]) -> Verdict:
    """The verdict for a long run: counts, the median overall, and the worst few partnerships by name."""
    respondents = sum(r.respondents for r in many)
    head = f"{_count(len(many), 'partnership')}, {_count(respondents, 'respondent')}"
    percents = sorted(r.overall.percent for r in many if r.overall.percent is not None)
    if percents:  # the lower median, as every median of the method (docs/method.md)
        head += f"; median overall {pct(lower_median(percents))}"
    failed: list[tuple[PartnershipResult, list[GateFailure]]] = []
    failures: list[GateFailure] = []
    for result in many:
        found = _failures(result, gates)
        if found:
            failures.extend(found)
            failed.append((result, found))
    if not gates:
        lowest = sorted(many, key=_lowest_first)[:WORST_SHOWN]
        named = ", ".join(f"{r.partnership or UNNAMED} {pct(r.overall.percent)}" for r in lowest)
        return Verdict(OK, f"lsp-check: {head}; lowest: {named}")
    options = " and ".join(g.option for g in gates)
    if not failed:
        return Verdict(OK, f"lsp-check: PASS: {head}; all meet {options}")
    failed.sort(key=lambda pair: _lowest_first(pair[0]))
    worst = [f"{r.partnership or UNNAMED} ({'; '.join(f.reason for f in found)})"
             for r, found in failed[:WORST_SHOWN]]
    if len(failed) > WORST_SHOWN:
        worst.append(f"and {len(failed) - WORST_SHOWN} more")
    line = f"lsp-check: FAIL: {head}; {len(failed)} of {len(many)} below {options}: {', '.join(worst)}"
    return Verdict(GATE_FAILED, line, tuple(failures))


def _failures(result: PartnershipResult, gates: list[Gate]) -> list[GateFailure]:
    """The gates a partnership's result fails, each saying whose result it is."""
    return [f._replace(partnership=result.partnership) for f in (_check(result, gate) for gate in gates)
            if f is not None]


def _shortfall(section: ScoredSection) -> str:
    """What the coverage rule asks of a section, against what was answered (a room's: of each respondent)."""
    if isinstance(section, SectionResult):
        return f"{section.answered} of {section.questions} questions answered, at least {section.required} needed"
    return f"no respondent answered at least {section.required} of its questions"


def _gated(result: PartnershipResult, gate: Gate) -> tuple[str, float | None]:
    """What a gate reads: its subject and the figure unrounded (docs/method.md, rule 5), None when there is none."""
    if not gate.section:
        return "overall", result.overall.exact if result.overall.percent is not None else None
    section = next((s for s in result.sections if s.id == gate.section), None)
    return (gate.section, None) if section is None else (section.title, section.headline_exact)


def _checked(result: PartnershipResult, gate: Gate) -> GateCheck:
    """A gate read against a partnership's figure: met, or not and why."""
    failure = _check(result, gate)
    subject, figure = _gated(result, gate)
    return GateCheck(gate.option, gate.threshold, subject, gate.section, figure, failure is None,
                     result.partnership, "" if failure is None else failure.reason)


def _check(result: PartnershipResult, gate: Gate) -> GateFailure | None:
    if not gate.section:
        # The overall figure unrounded (docs/method.md, rule 5): 56.25 meets 56.25; 59.96 fails 60, and says so.
        percent = _gated(result, gate)[1]
        short = [s for s in result.sections if s.scored and not s.covered]
        if percent is None and short:
            below = "; ".join(f"{s.title}: {_shortfall(s)}" for s in short)
            return GateFailure(gate, "overall", None, short=below)
        return GateFailure(gate, "overall", percent) if percent is None or below_threshold(percent, gate.threshold) \
            else None
    section = next((s for s in result.sections if s.id == gate.section), None)
    if section is None:
        return GateFailure(gate, gate.section, None, answered=False)
    if section.scored and not section.covered:
        return GateFailure(gate, section.title, None, short=_shortfall(section))
    percent = _gated(result, gate)[1]
    if percent is None or below_threshold(percent, gate.threshold):
        return GateFailure(gate, section.title, percent)
    return None
