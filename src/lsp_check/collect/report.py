"""The room's report: the one place the live room calls into scoring and reporting, through the public API
(lsp_check.api, docs/api.md).

It renders the room's folder as ``lsp-check score DIR -f html`` does, so the report at close is the same report.
"""

from __future__ import annotations

from pathlib import Path

from lsp_check.questionnaire import Library


def anonymity_threshold() -> int:
    """The fewest respondents the reports show as a group (docs/privacy.md): the room's counts and report keep it."""
    from lsp_check.score.disclosure import DEFAULT_THRESHOLD

    return DEFAULT_THRESHOLD


def room_report(directory: Path, library: Library) -> str:
    """The HTML report of every answers file in the room's folder, as ``lsp-check score DIR -f html`` writes it."""
    from lsp_check import api
    from lsp_check.sanitise import report

    html = report("html", api.render(api.assess(str(directory), library), "html"))
    return html if isinstance(html, str) else "".join(html)
