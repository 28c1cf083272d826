"""GitHub Actions workflow commands: a warning per need, an error per failed gate, a notice with the verdict.

The first line is a ``::debug::`` command carrying the format's schema_version
(shown only when a workflow's step debug logging is on).

Escaping follows the runner's rules for workflow commands: in the message
``%``, CR and LF are percent-encoded; in property values ``:`` and ``,`` are too.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

from lsp_check.report import RenderOptions, by_kind
from lsp_check.score.gates import Verdict, decide
from lsp_check.score.result import Result

if TYPE_CHECKING:
    from lsp_check.report.model.health import NeedEntry
    from lsp_check.score.room import Rooms

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
    from lsp_check.report.model.health import single_report

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
    from lsp_check.report.model.health import room_report

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


render = by_kind("github", {"single": render_result, "groups": render_groups})
