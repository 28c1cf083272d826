"""GitHub Actions workflow commands: a warning per need, an error per failed gate, a notice with the verdict.

The first line is a ``::debug::`` command carrying the format's schema_version
(shown only when a workflow's step debug logging is on).

Escaping follows the runner's rules for workflow commands: in the message
``%``, CR and LF are percent-encoded; in property values ``:`` and ``,`` are too.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

from lsp_check.report import RenderOptions, by_model

if TYPE_CHECKING:
    from lsp_check.report.model.health import NeedEntry, Report
    from lsp_check.report.model.room import RoomsReport

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
    lines = [command("debug", f"{TITLE} github annotations, schema_version {SCHEMA_VERSION}")]
    lines += [command("warning", _need_message(need), title=f"{TITLE}: need: {need.name}", **where)
              for need in report.needs]
    lines += _verdict_lines(options, None, where)
    lines.append(_notice(options, report.partnership))
    return "".join(lines)


def render_room(rooms: RoomsReport, options: RenderOptions) -> str:
    """The workflow commands for a room: a warning per need of each partnership, titled by both, and each
    failed gate against the partnership that failed it."""
    lines = [command("debug", f"{TITLE} github annotations, schema_version {SCHEMA_VERSION}")]
    for report in rooms.reports:
        who = report.partnership
        lines += [command("warning", _need_message(need, who), title=f"{TITLE}: {who}: need: {need.name}")
                  for need in report.needs]
        if report.scored and not report.needs:  # every partnership is named, a need or not
            lines.append(command("notice", f"{who}: {report.needs_intro}", title=f"{TITLE}: {who}"))
        lines += _verdict_lines(options, who, {})
    lines.append(_notice(options))
    return "".join(lines)


render = by_model("github", {"single": render_single, "room": render_room})
