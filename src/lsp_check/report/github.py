"""GitHub Actions workflow commands: a warning per need, an error per failed gate, a notice with the verdict;
for a comparison or a trend the needs still open and the sections that fell, for a cluster its shared needs, and
for validate each problem at its file, line and column. Everything said is the report model's.

The first line is a ``::debug::`` command carrying the format's schema_version
(shown only when a workflow's step debug logging is on).

Escaping follows the runner's rules for workflow commands: in the message
``%``, CR and LF are percent-encoded; in property values ``:`` and ``,`` are too.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

from lsp_check.report import Rendered, RenderOptions, by_model

if TYPE_CHECKING:
    from lsp_check.report.model.cluster import ClusterReport
    from lsp_check.report.model.compare import ComparisonReport, NeedGroup
    from lsp_check.report.model.health import NeedEntry, Report
    from lsp_check.report.model.room import RoomsReport
    from lsp_check.report.model.trend import TrendReport
    from lsp_check.report.model.validation import Located, ValidationReport

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


def _debug() -> str:
    return command("debug", f"{TITLE} github annotations, schema_version {SCHEMA_VERSION}")


def _need_message(need: NeedEntry, partnership: str = "") -> str:
    """A need of the report model as one annotation: its statement, suggested actions and notes."""
    message = (f"{partnership}: " if partnership else "") + need.statement
    if need.actions:
        message += " Suggested actions: " + "; ".join(need.actions) + "."
    for note in need.notes:
        message += f" {note.line()}"
    return message


def _verdict_lines(options: RenderOptions, partnership: str | None, where: dict[str, str]) -> list[str]:
    """An error per gate the partnership failed (all of them when ``partnership`` is None)."""
    from lsp_check.report.model.words import partnership_name

    if options.verdict is None:
        return []
    return [command("error", f"{partnership_name(failure.partnership)}: {failure.reason}",
                    title=f"{TITLE}: gate failed: {failure.gate.option}", **where)
            for failure in options.verdict.failures
            if partnership is None or partnership_name(failure.partnership) == partnership]


def _notice(options: RenderOptions, who: str = "") -> str:
    line = options.verdict.line.removeprefix("lsp-check: ") if options.verdict else "no verdict was given"
    return command("notice", f"{who}: {line}" if who else line, title=TITLE)


def render_single(report: Report, options: RenderOptions) -> str:
    """The workflow commands for one answers file, with the verdict that sets the exit status."""
    where = _file(report.source)
    lines = [_debug()]
    lines += [command("warning", _need_message(need), title=f"{TITLE}: need: {need.name}", **where)
              for need in report.needs]
    lines += _verdict_lines(options, None, where)
    lines.append(_notice(options, report.partnership))
    return "".join(lines)


def render_room(rooms: RoomsReport, options: RenderOptions) -> str:
    """The workflow commands for a room: a warning per need of each partnership, titled by both, and each
    failed gate against the partnership that failed it."""
    lines = [_debug()]
    for report in rooms.reports:
        who = report.partnership
        if report.combined:
            lines.append(command("warning", f"{who}: {report.combined}", title=f"{TITLE}: {who}: dates"))
        lines += [command("warning", _need_message(need, who), title=f"{TITLE}: {who}: need: {need.name}")
                  for need in report.needs]
        if report.scored and not report.needs:  # every partnership is named, a need or not
            lines.append(command("notice", f"{who}: {report.needs_intro}", title=f"{TITLE}: {who}"))
        lines += _verdict_lines(options, who, {})
    lines.append(_notice(options))
    return "".join(lines)


# The needs still to act on after a comparison or a trend's latest step: a warning each.
OPEN_NEEDS = ("persisting", "new", "not-assessed", "raised")


def _open_needs(who: str, groups: tuple[NeedGroup, ...]) -> list[str]:
    return [command("warning", f"{who}: {group.title.lower()}: {need.line}", title=f"{TITLE}: {who}: need: {need.need}")
            for group in groups if group.key in OPEN_NEEDS for need in group.needs]


def _regressions(who: str, fallen: tuple[str, ...], options: RenderOptions) -> list[str]:
    """An error per section that fell far enough, exactly when the regression gate failed (exit 1)."""
    if options.verdict is None or not options.verdict.gate_failed:
        return []
    return [command("error", f"{who}: {line}", title=f"{TITLE}: gate failed: --fail-on-regression")
            for line in fallen]


def _said(who: str, lines: tuple[str, ...], about: str = "") -> list[str]:
    """A notice per line the report says under its title (who was compared, each assessment read)."""
    return [command("notice", f"{who}: {line}", title=f"{TITLE}: {who}" + (f": {about}" if about else ""))
            for line in lines if line]


def render_comparison(report: ComparisonReport, options: RenderOptions) -> str:
    """The workflow commands of a comparison: a notice per line under its title (who each side counts, a room that
    changed size, reversed dates), a warning per need persisting or new, an error per section that fell under
    --fail-on-regression, and the verdict."""
    lines = [_debug(), *_said(report.partnership, (report.partnerships_note, *report.lines)),
             *_open_needs(report.partnership, report.need_groups),
             *_regressions(report.partnership, report.regressions, options), _notice(options)]
    return "".join(lines)


def render_trend(report: TrendReport, options: RenderOptions) -> str:
    """The workflow commands of a trend: a notice per assessment read (its date, respondents, overlapping dates),
    then its latest step read as a comparison's are."""
    latest = report.steps[-1] if report.steps else None
    lines = [_debug(), *_said(report.partnership, report.sources, "assessment"),
             *(_open_needs(report.partnership, latest.groups) if latest else []),
             *_regressions(report.partnership, report.regressions, options), _notice(options)]
    return "".join(lines)


def render_cluster(report: ClusterReport, options: RenderOptions) -> str:
    """The workflow commands of a cluster: a notice per shared need, ranked, and the verdict when there is one."""
    lines = [_debug()]
    lines += [command("notice", f"{need.rank}. {need.need}: {need.partnerships} partnerships ({need.which})",
                      title=f"{TITLE}: shared need") for need in report.shared]
    if options.verdict is not None:
        lines.append(_notice(options))
    return "".join(lines)


def _located(problem: Located) -> str:
    """A problem as an annotation at its file, line and column."""
    where = _file(problem.file)
    if where and problem.line is not None:
        where["line"] = str(problem.line)
        if problem.column is not None:
            where["col"] = str(problem.column)
    return command(problem.severity, problem.text, title=f"{TITLE}: {problem.label}", **where)


def render_validation(report: ValidationReport, options: RenderOptions) -> str:
    """The workflow commands of validate: an error per problem and a warning per warning, each at its file, line
    and column, and the verdict."""
    return "".join([_debug(), *(_located(problem) for problem in report.problems), _notice(options)])


def with_skipped(rendered: Rendered, options: RenderOptions) -> Rendered:
    """The annotations with a warning of the files --skip-invalid left out, after the first line (the
    schema_version): one warning saying how many and the kinds of problem, or with --show-respondents one per file
    at the file. Like every report it quotes nothing of a file left out; stderr, in the same log, gives each in
    full."""
    from lsp_check.report.model.skipped import FILE_LEFT_OUT, skipped_note

    if not isinstance(rendered, str):
        return rendered
    note = skipped_note(options.skipped, options.name_skipped)
    title = f"{TITLE}: {FILE_LEFT_OUT}"
    if note.files:
        text = "".join(command("warning", line, title=title, **_file(file)) for file, line in zip(note.files, note.lines))
    else:
        text = command("warning", " ".join((note.heading, "; ".join(note.lines) + ".", note.footnote)), title=title)
    debug, _, rest = rendered.partition("\n")
    return f"{debug}\n{text}{rest}"


render = by_model("github", {"single": render_single, "room": render_room, "comparison": render_comparison,
                             "trend": render_trend, "cluster": render_cluster, "validation": render_validation})
