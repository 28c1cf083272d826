"""Report formats: a registry of modules, each with ``render(result, options)``.

Modules are imported only when their format is asked for, so that the JSON
report never pays for rich, jinja2 or python-docx. Inside a module, ``render``
dispatches on the kind of result (see ``by_kind``): one function per kind.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

if TYPE_CHECKING:
    from lsp_check.verdict import Verdict


class Format(NamedTuple):
    """A report format: the module that renders it and whether its output is bytes."""

    module: str
    binary: bool = False


FORMATS: dict[str, Format] = {
    "text": Format("lsp_check.formats.text"),
    "markdown": Format("lsp_check.formats.markdown"),
    "json": Format("lsp_check.formats.json"),
    "html": Format("lsp_check.formats.html"),
    "docx": Format("lsp_check.formats.docx", binary=True),
    "github": Format("lsp_check.formats.github"),
}


class RenderOptions(NamedTuple):
    """How a report is rendered: colour and width apply to the text report only.

    ``verdict`` is the run's verdict, decided before rendering, for formats that
    report the gates (the github format); the same verdict sets the exit status.
    """

    color: bool = False
    width: int = 100
    verdict: Verdict | None = None


DEFAULT_OPTIONS = RenderOptions()


class MissingExtra(Exception):
    """A format needs an optional package that is not installed."""


Renderer = Callable[[Any, RenderOptions], Any]
T = TypeVar("T")


def for_kind(name: str, table: Mapping[type, T], result: object) -> T:
    """The entry of ``table`` for the kind of ``result`` (its type, or a base of it)."""
    for kind, entry in table.items():
        if isinstance(result, kind):
            return entry
    raise TypeError(f"the {name} format does not render a {type(result).__name__}")


def by_kind(name: str, renderers: Mapping[type, Renderer]) -> Renderer:
    """One ``render`` for a format from one function per kind of result, chosen by the result's type."""

    def render(result: object, options: RenderOptions = DEFAULT_OPTIONS) -> Any:
        return for_kind(name, renderers, result)(result, options)

    render.__doc__ = f"Render a result in the {name} format."
    return render


def render(name: str, result: object, options: RenderOptions = DEFAULT_OPTIONS) -> str | bytes:
    """Render a result in the named format: text, or bytes for a binary format."""
    module = importlib.import_module(FORMATS[name].module)
    return module.render(result, options)


def require(name: str) -> None:
    """Raise MissingExtra when the named format needs a package that is not installed."""
    module = importlib.import_module(FORMATS[name].module)
    check = getattr(module, "require", None)
    if check is not None:
        check()
