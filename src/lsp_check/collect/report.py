"""The room's report: the one place the live room calls into scoring and reporting.

It renders the room's folder as ``lsp-check score DIR -f html`` does, so the report at close is the same report.
"""

from __future__ import annotations

from pathlib import Path

from lsp_check.model import Library


def anonymity_threshold() -> int:
    """The fewest respondents the reports show as a group (docs/sectors.md): the room's counts and report keep it."""
    from lsp_check.score.sectors import DEFAULT_MIN_GROUP

    return DEFAULT_MIN_GROUP


def room_report(directory: Path, library: Library) -> str:
    """The HTML report of every answers file in the room's folder, as ``lsp-check score DIR -f html`` writes it."""
    from lsp_check.load.inputs import expand
    from lsp_check.report import RenderOptions, render
    from lsp_check.sanitise import report
    from lsp_check.score.assessment import assess

    args = (str(directory),)
    result = assess(args, expand(args), library)
    html = report("html", render("html", result, RenderOptions()))
    return html if isinstance(html, str) else "".join(html)
