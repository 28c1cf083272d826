"""Report formats: a registry of modules, each with ``render(result, options)``.

Modules are imported only when their format is asked for, so that the JSON
report never pays for rich, jinja2 or python-docx. Inside a module, ``render``
dispatches on the kind of result (see ``kind_of`` and ``by_kind``): one
function per kind, looked up by name so that no result module is imported
just to dispatch.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, NamedTuple, NoReturn, Union, cast

if TYPE_CHECKING:
    from lsp_check.problems import Problem
    from lsp_check.score.gates import Verdict


class Format(NamedTuple):
    """A report format: the module that renders it, whether its output is bytes, whether it reports the gates."""

    module: str
    binary: bool = False
    verdict: bool = False


FORMATS: dict[str, Format] = {
    "text": Format("lsp_check.report.text"),
    "markdown": Format("lsp_check.report.markdown"),
    "json": Format("lsp_check.report.json"),
    "html": Format("lsp_check.report.html"),
    "docx": Format("lsp_check.report.docx", binary=True),
    "github": Format("lsp_check.report.github", verdict=True),
    "csv": Format("lsp_check.report.csv"),
}
# The formats each command offers.
SCORE_FORMATS = ("text", "markdown", "json", "html", "docx", "github")
COMPARE_FORMATS = ("text", "markdown", "json", "html", "docx", "github")
PLAN_FORMATS = ("markdown", "csv", "json", "text", "html", "docx")
CLUSTER_FORMATS = ("text", "markdown", "json", "csv", "html", "docx", "github")
TREND_FORMATS = ("text", "markdown", "json", "html", "docx", "github")
VALIDATE_FORMATS = ("text", "json", "github")


class RenderOptions(NamedTuple):
    """How a report is rendered: colour and width apply to the text report only.

    ``verdict`` is the run's verdict, decided before rendering, for formats that
    report the gates (the github format); the same verdict sets the exit status.
    ``skipped`` holds the first problem of each file --skip-invalid left out, which
    the report notes at its top (each format's ``with_skipped``, from the note's
    model in report/model/skipped.py), naming the files only when ``name_skipped``.
    """

    color: bool = False
    width: int = 100
    verdict: Verdict | None = None  # imported only for type checkers: formats load before score.gates
    bom: bool = True  # CSV only: start with a UTF-8 byte-order mark, for Excel on Windows
    workers: int = 1  # how many processes a large report may be written by (a room's JSON): the command line's
    skipped: tuple[Problem, ...] = ()
    name_skipped: bool = False


DEFAULT_OPTIONS = RenderOptions()


class MissingExtra(Exception):
    """A format needs an optional package that is not installed."""


class FormatError(ValueError):
    """A format name that is not one, or a format that does not render the kind of result given (CSV renders only
    action plans and clusters): worded for a Python caller; the command line names its option before it."""

    def __init__(self, message: str, format: str) -> None:
        super().__init__(message)
        self.format = format


def not_rendered(name: str, kind: str, offered: Iterable[str], hint: str = "") -> FormatError:
    """The error of a format asked to render a kind of result it does not render."""
    return FormatError(f"the {name} format does not render a {kind} report (it renders: "
                       f"{', '.join(sorted(offered))}){hint}", name)


# What a format renders: text, bytes for a binary format, or text in chunks for a large report.
Rendered = Union[str, bytes, Iterator[str]]
# One function per kind of result, each taking its own type (a result, or its report model): as a family they
# take "some result", which only the kind registry below knows, so their parameter is NoReturn here.
Renderer = Callable[[NoReturn, RenderOptions], Rendered]


# The kinds of result, by the name of their type (so that dispatching imports no result module).
KINDS = {"Result": "single", "Rooms": "room", "Comparison": "comparison", "Cluster": "cluster", "Plans": "plans",
         "Sectors": "sectors", "Trend": "trend", "Validation": "validation"}


def kind_of(result: object) -> str:
    """What a result is: 'single', 'room', 'plans', 'comparison', 'cluster', 'sectors', 'trend' or 'validation'
    (what validate found), by its type."""
    name = type(result).__name__
    if name not in KINDS:
        raise TypeError(f"not a result lsp-check reports: {name}")
    return KINDS[name]


def by_kind(name: str, renderers: Mapping[str, Renderer]) -> Callable[[object, RenderOptions], Rendered]:
    """One ``render`` for a format from one function per kind of result (see ``kind_of``), each given the result
    itself: the machine formats (JSON, CSV), whose contract is the result."""

    def render(result: object, options: RenderOptions = DEFAULT_OPTIONS) -> Rendered:
        # kind_of has matched the result's type to the kind its renderer takes.
        renderer = cast("Callable[[object, RenderOptions], Rendered]", _renderer(name, renderers, kind_of(result)))
        return renderer(result, options)

    render.__doc__ = f"Render a result in the {name} format."
    return render


def by_model(name: str, renderers: Mapping[str, Renderer]) -> Callable[[object, RenderOptions], Rendered]:
    """One ``render`` for a format people read from one function per kind, each given the result's report model
    (report/model/): these formats decide no wording of their own."""

    def render(result: object, options: RenderOptions = DEFAULT_OPTIONS) -> Rendered:
        from lsp_check.report.model import build

        kind = kind_of(result)
        # The model is built for the kind the renderer was looked up by.
        renderer = cast("Callable[[object, RenderOptions], Rendered]", _renderer(name, renderers, kind))
        return renderer(build(kind, result), options)

    render.__doc__ = f"Render a result in the {name} format, from its report model."
    return render


def _renderer(name: str, renderers: Mapping[str, Renderer], kind: str) -> Renderer:
    if kind not in renderers:
        raise not_rendered(name, kind, renderers)
    return renderers[kind]


def _verdict(result: object) -> Verdict | None:
    """The verdict of a result with no gates asked for (a cluster has none)."""
    from lsp_check.score import gates

    deciders = {"single": gates.decide, "room": gates.decide, "comparison": gates.decide_comparison,
                "trend": gates.decide_trend, "validation": gates.decide_validation}
    decider = deciders.get(kind_of(result))
    # kind_of has matched the result's type to the kind its decider takes.
    return None if decider is None else cast("Callable[[object], Verdict]", decider)(result)


def render(name: str, result: object, options: RenderOptions = DEFAULT_OPTIONS) -> Rendered:
    """Render a result: a string, bytes for a binary format, or string chunks for a large report.

    A format that reports the gates is given the run's verdict; without one, the verdict of no gates.
    """
    if FORMATS[name].verdict and options.verdict is None:
        options = options._replace(verdict=_verdict(result))
    module = importlib.import_module(FORMATS[name].module)
    rendered = cast("Rendered", module.render(result, options))
    with_skipped = getattr(module, "with_skipped", None)
    if options.skipped and with_skipped is not None:  # the files --skip-invalid left out, noted at the top
        rendered = cast("Rendered", with_skipped(rendered, options))
    with_gates = getattr(module, "with_gates", None)
    if options.verdict is not None and options.verdict.checks and with_gates is not None:  # the gates asked for
        rendered = cast("Rendered", with_gates(rendered, options))
    return rendered


def prepend(rendered: Rendered, head: str) -> Rendered:
    """A rendered report with ``head`` before it, whatever its form (text, bytes or chunks)."""
    if isinstance(rendered, str):
        return head + rendered
    if isinstance(rendered, bytes):
        return head.encode("utf-8") + rendered

    def chunks(rest: Iterator[str]) -> Iterator[str]:
        yield head
        yield from rest

    return chunks(rendered)


def require(name: str) -> None:
    """Raise MissingExtra when the named format needs a package that is not installed."""
    module = importlib.import_module(FORMATS[name].module)
    check = getattr(module, "require", None)
    if check is not None:
        check()
