"""Report formats: a registry of modules, each with ``render(result, options)``.

Modules are imported only when their format is asked for, so that the JSON
report never pays for rich, jinja2 or python-docx. Inside a module, ``render``
dispatches on the kind of result (see ``kind_of`` and ``by_kind``): one
function per kind, looked up by name so that no result module is imported
just to dispatch.
"""

# No `from __future__ import annotations` here: typing.NamedTuple defines classes with evaluated
# annotations at half the cost of string ones, and these classes are defined on every start (performance.md).

import importlib
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple


class Format(NamedTuple):
    """A report format: the module that renders it and whether its output is bytes."""

    module: str
    binary: bool = False


FORMATS: dict[str, Format] = {
    "text": Format("lsp_check.report.text"),
    "markdown": Format("lsp_check.report.markdown"),
    "json": Format("lsp_check.report.json"),
    "html": Format("lsp_check.report.html"),
    "docx": Format("lsp_check.report.docx", binary=True),
    "github": Format("lsp_check.report.github"),
    "csv": Format("lsp_check.report.csv"),
}
# The formats each command offers.
SCORE_FORMATS = ("text", "markdown", "json", "html", "docx", "github")
COMPARE_FORMATS = ("text", "markdown", "json", "html", "docx")
PLAN_FORMATS = ("markdown", "csv", "json", "text", "html", "docx")
CLUSTER_FORMATS = ("text", "markdown", "json", "csv", "html", "docx")


class RenderOptions(NamedTuple):
    """How a report is rendered: colour and width apply to the text report only.

    ``verdict`` is the run's verdict, decided before rendering, for formats that
    report the gates (the github format); the same verdict sets the exit status.
    """

    color: bool = False
    width: int = 100
    verdict: Any = None  # a verdict.Verdict (not imported here: formats load before the verdict module)


DEFAULT_OPTIONS = RenderOptions()


class MissingExtra(Exception):
    """A format needs an optional package that is not installed."""


Renderer = Callable[[Any, RenderOptions], Any]


def kind_of(result: object) -> str:
    """What a result is: 'single', 'groups', 'plans', 'comparison' or 'cluster'."""
    if isinstance(result, list):
        return "plans" if result and getattr(result[0], "kind", "") == "plan" else "groups"
    return getattr(result, "kind", "single")


def by_kind(name: str, renderers: Mapping[str, Renderer]) -> Renderer:
    """One ``render`` for a format from one function per kind of result (see ``kind_of``)."""

    def render(result: object, options: RenderOptions = DEFAULT_OPTIONS) -> Any:
        kind = kind_of(result)
        if kind not in renderers:
            from lsp_check.problems import InputError, Problem

            offered = ", ".join(sorted(renderers))
            raise InputError([Problem(f"--format {name}", f"the {name} format does not render a {kind} report "
                                                          f"(it renders: {offered})")])
        return renderers[kind](result, options)

    render.__doc__ = f"Render a result in the {name} format."
    return render


def render(name: str, result: object, options: RenderOptions = DEFAULT_OPTIONS) -> Any:
    """Render a result: a string, bytes for a binary format, or string chunks for a large report."""
    module = importlib.import_module(FORMATS[name].module)
    return module.render(result, options)


def require(name: str) -> None:
    """Raise MissingExtra when the named format needs a package that is not installed."""
    module = importlib.import_module(FORMATS[name].module)
    check = getattr(module, "require", None)
    if check is not None:
        check()
