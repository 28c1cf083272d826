"""GitHub Actions workflow commands: a warning per need, an error per failed gate, a notice with the verdict;
for a comparison or a trend the needs still open and the sections that fell, for a cluster its shared needs, and
for validate each problem at its file, line and column.

The first line is a ``::debug::`` command carrying the format's schema_version
(shown only when a workflow's step debug logging is on).

Escaping follows the runner's rules for workflow commands: in the message
``%``, CR and LF are percent-encoded; in property values ``:`` and ``,`` are too.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

from lsp_check.figures import num, pct
from lsp_check.report import RenderOptions, by_kind
from lsp_check.score.gates import GATE_FAILED, Verdict, decide
from lsp_check.score.result import Result

if TYPE_CHECKING:
    from lsp_check.load.validation import Validation
    from lsp_check.report.model import NeedEntry
    from lsp_check.report.model_progress import NeedGroup
    from lsp_check.score.cluster import Cluster
    from lsp_check.score.compare import Comparison
    from lsp_check.score.room import Rooms
    from lsp_check.score.trend import Trend

TITLE = "lsp-check"
SCHEMA_VERSION = 1


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str) -> str:
    """One workflow command line: ``::name key=value,...::message``."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items() if value)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}\n"


def _file(source: str) -> dict[str, str]:
    """The answers file as an annotation property, when it is a path relative to the workspace."""
    path = PurePath(source)
    return {} if not source or path.is_absolute() else {"file": path.as_posix()}


def _need_message(need: NeedEntry, partnership: str = "") -> str:
    """A need of the report model as one annotation: its detail, suggested actions and notes."""
    message = (f"{partnership}: " if partnership else "") + need.detail
    if need.label:
        message = message[:-1] + f"; {need.label}."
    if need.actions:
        message += " Suggested actions: " + "; ".join(need.actions) + "."
    for note in need.notes:
        message += f" {note.line()}"
    return message


def render_result(result: Result, options: RenderOptions) -> str:
    """The workflow commands for one answers file, with the verdict that sets the exit status."""
    verdict: Verdict = options.verdict or decide(result)
    from lsp_check.report.model import single_report

    report = single_report(result)
    where = _file(result.source)
    who = report.partnership
    lines = [command("debug", f"{TITLE} github annotations, schema_version {SCHEMA_VERSION}")]
    lines += [command("warning", _need_message(need), title=f"{TITLE}: need: {need.name}", **where)
              for need in report.needs]
    lines += [command("error", f"{who}: {failure.reason}", title=f"{TITLE}: gate failed: {failure.gate.option}", **where)
              for failure in verdict.failures]
    lines.append(command("notice", f"{who}: {verdict.line.removeprefix('lsp-check: ')}", title=TITLE))
    return "".join(lines)


def render_groups(rooms: Rooms, options: RenderOptions) -> str:
    """The workflow commands for groups of respondents: a warning per need of each partnership, titled by both."""
    groups = list(rooms.groups)
    verdict: Verdict = options.verdict or decide(rooms)
    gates = list(dict.fromkeys(failure.gate for failure in verdict.failures))
    lines = [command("debug", f"{TITLE} github annotations, schema_version {SCHEMA_VERSION}")]
    from lsp_check.report.model import room_report

    for group in groups:
        report = room_report(group)
        who = report.partnership
        lines += [command("warning", _need_message(need, who), title=f"{TITLE}: {who}: need: {need.name}")
                  for need in report.needs]
        # Each failed gate is reported against the partnership that failed it.
        for failure in decide(group, None, gates).failures if gates else ():
            lines.append(command("error", f"{who}: {failure.reason}",
                                 title=f"{TITLE}: gate failed: {failure.gate.option}"))
    lines.append(command("notice", verdict.line.removeprefix("lsp-check: "), title=TITLE))
    return "".join(lines)


def _debug() -> str:
    return command("debug", f"{TITLE} github annotations, schema_version {SCHEMA_VERSION}")


# The needs still to act on after a comparison or a trend's latest step: a warning each.
OPEN_NEEDS = ("persisting", "new", "not-assessed", "raised")


def _open_needs(who: str, groups: tuple[NeedGroup, ...]) -> list[str]:
    return [command("warning", f"{who}: {group.title.lower()}: {need.line}", title=f"{TITLE}: {who}: need: {need.need}")
            for group in groups if group.key in OPEN_NEEDS for need in group.needs]


def _regressions(who: str, comparison: Comparison, verdict: Verdict) -> list[str]:
    """An error per section that fell far enough, exactly when the regression gate failed (exit 1)."""
    if verdict.status != GATE_FAILED:
        return []
    option = "--fail-on-regression"
    return [command("error", f"{who}: {m.title} fell from {pct(m.then)} to {pct(m.now)}, by "
                             f"{num(comparison.min_change)} points or more (--min-change)",
                    title=f"{TITLE}: gate failed: {option}") for m in comparison.regressions]


def render_comparison(comparison: Comparison, options: RenderOptions) -> str:
    """The workflow commands of a comparison: a warning per need persisting or new, an error per section that
    fell under --fail-on-regression, and the verdict."""
    from lsp_check.report.model_progress import comparison_report
    from lsp_check.score.gates import decide_comparison

    verdict: Verdict = options.verdict or decide_comparison(comparison)
    report = comparison_report(comparison)
    lines = [_debug(), *_open_needs(report.partnership, report.need_groups),
             *_regressions(report.partnership, comparison, verdict)]
    lines.append(command("notice", verdict.line.removeprefix("lsp-check: "), title=TITLE))
    return "".join(lines)


def render_trend(trend: Trend, options: RenderOptions) -> str:
    """The workflow commands of a trend: its latest step read as a comparison's are."""
    from lsp_check.report.model_trend import trend_report
    from lsp_check.score.gates import decide_trend

    verdict: Verdict = options.verdict or decide_trend(trend)
    report = trend_report(trend)
    latest = report.steps[-1] if report.steps else None
    lines = [_debug(), *(_open_needs(report.partnership, latest.groups) if latest else []),
             *_regressions(report.partnership, trend.latest, verdict)]
    lines.append(command("notice", verdict.line.removeprefix("lsp-check: "), title=TITLE))
    return "".join(lines)


def render_cluster(cluster: Cluster, options: RenderOptions) -> str:
    """The workflow commands of a cluster: a notice per shared need, ranked, and the verdict."""
    from lsp_check.report.model_progress import cluster_report

    report = cluster_report(cluster)
    lines = [_debug()]
    lines += [command("notice", f"{need.rank}. {need.need}: {need.partnerships} partnerships ({need.which})",
                      title=f"{TITLE}: shared need") for need in report.shared]
    if options.verdict is not None:
        lines.append(command("notice", options.verdict.line.removeprefix("lsp-check: "), title=TITLE))
    return "".join(lines)


def render_validation(validation: Validation, options: RenderOptions) -> str:
    """The workflow commands of validate: an error per problem and a warning per warning, each at its file, line
    and column, and the verdict."""
    from lsp_check.score.gates import decide_validation

    verdict: Verdict = options.verdict or decide_validation(validation)
    lines = [_debug()]
    for problem in (*validation.problems, *validation.warnings):
        where = _file(problem.file.split(":row ")[0])
        if where and problem.line is not None:
            where["line"] = str(problem.line)
            if problem.column is not None:
                where["col"] = str(problem.column)
        kind = "warning" if problem.severity == "warning" else "error"
        message = f"{problem.path + ': ' if problem.path else ''}{problem.message}"
        lines.append(command(kind, f"{problem.file}: {message}", title=f"{TITLE}: {kind}", **where))
    lines.append(command("notice", verdict.line.removeprefix("lsp-check: "), title=TITLE))
    return "".join(lines)


render = by_kind("github", {"single": render_result, "groups": render_groups, "comparison": render_comparison,
                            "trend": render_trend, "cluster": render_cluster, "validation": render_validation})
