"""Report formats: a registry of modules, each with ``render(result, options) -> str``.

Modules are imported only when their format is asked for, so that the JSON
report never pays for rich or jinja2.
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple

FORMATS: dict[str, str] = {
    "text": "lsp_check.formats.text",
    "markdown": "lsp_check.formats.markdown",
    "json": "lsp_check.formats.json",
    "csv": "lsp_check.formats.csv",
}
# The formats each command offers.
SCORE_FORMATS = ("text", "markdown", "json")
PLAN_FORMATS = ("markdown", "csv", "json", "text")
CLUSTER_FORMATS = ("text", "markdown", "json", "csv")


class RenderOptions(NamedTuple):
    """How a report is rendered: colour and width apply to the text report only."""

    color: bool = False
    width: int = 100


def render(name: str, result: object, options: RenderOptions = RenderOptions()) -> Any:
    """Render a result in the named format: a string, or an iterable of string chunks for large reports."""
    module = importlib.import_module(FORMATS[name])
    return module.render(result, options)


def kind_of(result: object) -> str:
    """What a result is: 'single', 'groups', 'plans', 'comparison' or 'cluster'."""
    if isinstance(result, list):
        return "plans" if result and getattr(result[0], "kind", "") == "plan" else "groups"
    return getattr(result, "kind", "single")


def render_text(name: str, result: object, options: RenderOptions = RenderOptions()) -> str:
    """Render a result in the named format as one string."""
    report = render(name, result, options)
    return report if isinstance(report, str) else "".join(report)
