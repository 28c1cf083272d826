"""Reports through a user's own jinja2 template (--template FILE), given the same view as the bundled one.

Markdown templates get Markdown-escaped values (as ``report.md.j2`` does);
HTML templates are autoescaped. Templates are shared between officers, so a
template runs in jinja2's immutable sandbox, with bounds on its output, its
numbers and its running time: it can lay a report out, but it cannot run
code, read files other than templates beside it, or exhaust memory. A
template's mistakes and refusals are bad input: one message naming the
template's file and line, exit status 2, no traceback.
"""

from __future__ import annotations

import contextlib
import functools
import re
import signal
import threading
import traceback
from collections.abc import Callable, Generator, Iterable, Iterator, Sized
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar, cast

from lsp_check.problems import InputError, Problem
from lsp_check.report import kind_of

if TYPE_CHECKING:
    from types import FrameType, ModuleType

    import jinja2
    from jinja2.runtime import Context

P = ParamSpec("P")
T = TypeVar("T")

TEMPLATE_FORMATS = ("markdown", "html")
HTML_SUFFIXES = (".html", ".htm", ".html.j2", ".htm.j2")
# A report is at most MAX_OUTPUT characters; no number a template passes to a call, a filter,
# a repetition or a power may exceed MAX_NUMBER; a template runs at most TIME_LIMIT seconds and,
# on Linux, its rendering may take at most MAX_MEMORY more bytes of address space.
MAX_OUTPUT = 20_000_000
MAX_NUMBER = 1_000_000
TIME_LIMIT = 10.0
MAX_MEMORY = 1024 * 2**20
_WIDE_FORMAT = re.compile(r"\d{7,}")


class TemplateRefused(Exception):
    """A template asked for something the sandbox does not allow (a bound was reached)."""


def _check_numbers(values: Iterable[object]) -> None:
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            raise TemplateRefused(f"the number {value if abs(value) < 10**30 else 'given'} is too large "
                                  f"for a template (at most {MAX_NUMBER:,})")


def _bounded(function: Callable[P, T]) -> Callable[P, T]:
    @functools.wraps(function)  # keeps jinja2's pass_context marks
    def call(*args: P.args, **kwargs: P.kwargs) -> T:
        _check_numbers(args)
        _check_numbers(kwargs.values())
        if function.__name__ == "do_format" and args and _WIDE_FORMAT.search(str(args[0])):
            raise TemplateRefused("a format width or precision is too large for a template")
        return function(*args, **kwargs)

    return call


def sandbox(base: jinja2.Environment) -> jinja2.Environment:
    """An immutable sandboxed environment with the loader, escaping and filters of ``base``, and bounds."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from lsp_check.report.templatenames import undefined_class

    class BoundedSandbox(ImmutableSandboxedEnvironment):
        """jinja2's immutable sandbox, refusing huge numbers, repetitions and format widths."""

        intercepted_binops = frozenset(["*", "**", "%"])

        def call_binop(self, context: Context, operator: str, left: object, right: object) -> object:
            """Refuse ``"x" * 10**9``, ``10 ** 10**9`` and ``"%999999999s" % x``; else compute as usual."""
            if operator == "**":
                _check_numbers((left, right))
                if isinstance(left, int) and isinstance(right, int) and left.bit_length() * right > 100_000:
                    raise TemplateRefused("a power this large is too large for a template")
            elif operator == "*" and (isinstance(left, (str, list, tuple)) or isinstance(right, (str, list, tuple))):
                count = right if isinstance(right, int) else left
                size = len(cast("Sized", left if not isinstance(left, int) else right))
                if isinstance(count, int) and count * max(size, 1) > MAX_NUMBER:
                    raise TemplateRefused(f"a repetition of more than {MAX_NUMBER:,} is too large for a template")
            elif operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
                raise TemplateRefused("a format width or precision is too large for a template")
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Context, __obj: object, *args: object, **kwargs: object) -> object:  # noqa: N805
            """Call a function or method, refusing numbers above MAX_NUMBER (``"x".ljust(10**9)``)."""
            _check_numbers(args)
            _check_numbers(kwargs.values())
            return super().call(__context, __obj, *args, **kwargs)

        def wrap_str_format(self, value: object) -> Callable[..., str] | None:  # type: ignore[explicit-any]  # jinja2's own signature
            """str.format and format_map, refusing widths such as ``{:>999999999}``."""
            wrapped = super().wrap_str_format(value)
            if wrapped is not None and _WIDE_FORMAT.search(str(getattr(value, "__self__", ""))):
                raise TemplateRefused("a format width or precision is too large for a template")
            return wrapped

    env = BoundedSandbox(
        loader=base.loader, autoescape=base.autoescape, finalize=base.finalize,
        undefined=undefined_class(base.undefined),
        keep_trailing_newline=base.keep_trailing_newline, trim_blocks=base.trim_blocks,
        lstrip_blocks=base.lstrip_blocks,
    )
    env.filters.update({name: _bounded(f) for name, f in base.filters.items()})
    return env


def format_for(path: str | Path) -> str:
    """The format a template renders, by its file name: html for .html, .htm, .html.j2, .htm.j2; else markdown."""
    return "html" if str(path).lower().endswith(HTML_SUFFIXES) else "markdown"


def render_template(path: Path, fmt: str, result: object) -> str:
    """Render a result through the template at ``path``, as Markdown or HTML.

    The template is given the report model as ``report`` (with the names of earlier releases beside it, for one
    release: report/legacy.py). A template that lays out one partnership (it never names ``reports`` or
    ``groups``) is rendered for each partnership of a room: in Markdown the parts follow one another; an HTML
    page holds one partnership, so a room of several is refused, saying how to lay out each.
    """
    import jinja2

    if fmt == "html":
        from lsp_check.report import html as module
    else:
        from lsp_check.report import markdown as module  # type: ignore[no-redef]
    if not path.is_file():
        raise InputError([Problem(str(path), "template not found" if not path.exists() else "is not a file")])
    kind = kind_of(result)
    if kind not in TEMPLATE_KINDS:
        offered = ", ".join(TEMPLATE_KINDS)
        raise InputError([Problem(str(path), f"--template does not yet render a {kind} report as {fmt} "
                                             f"(it renders: {offered})")])
    from lsp_check.report.model import build

    model = build(kind, result)
    # The template's own directory first, then the bundled templates, which it may extend, include or import.
    env = sandbox(module.environment([path.parent]))
    given: set[str] = set()
    try:
        with _time_limit(), _memory_limit():
            template = env.get_template(path.name)
            views = [_context(module, fmt, part_kind, part) for part_kind, part in _parts(env, path, fmt, kind, model)]
            given = {name for view in views for name in view}
            return "\n".join(_generate(template, view) for view in views)
    except jinja2.TemplateSyntaxError as error:
        where = error.filename or str(path)
        raise InputError([Problem(where, f"template error: {error.message}", error.lineno)]) from None
    except UnicodeDecodeError as error:
        raise InputError([Problem(str(path), f"template is not UTF-8 text ({error.reason})")]) from None
    except Exception as error:
        problem = _located(error, kind, given, model)
        if problem is None and isinstance(error, (TemplateRefused, MemoryError)):
            problem = Problem(str(path), f"template error: refused: {error or 'out of memory'}")
        if problem is None:
            raise
        raise InputError([problem]) from None


# The kinds of report a user's template can lay out (a sectors report is refused before: --by with --template).
TEMPLATE_KINDS = ("single", "room", "comparison", "cluster", "plans", "trend")
# The names by which a template lays out every partnership of a room itself.
ROOM_NAMES = frozenset({"reports", "groups"})


def _parts(env: jinja2.Environment, path: Path, fmt: str, kind: str, model: object) -> list[tuple[str, object]]:
    """What the template is rendered for: the whole model, or each partnership of a room in turn."""
    from jinja2 import meta, nodes

    if kind != "room":
        return [(kind, model)]
    source = env.loader.get_source(env, path.name)[0] if env.loader else ""
    parsed = env.parse(source)
    named = meta.find_undeclared_variables(parsed) | {node.attr for node in parsed.find_all(nodes.Getattr)}
    if ROOM_NAMES & named:
        return [(kind, model)]
    from lsp_check.report.model.room import RoomsReport

    reports = cast("RoomsReport", model).reports
    if fmt == "html" and len(reports) > 1:
        raise InputError([Problem(str(path), f"this HTML template lays out one partnership (it never names "
                                             f"'reports'), but the room holds {len(reports)} partnerships; "
                                             "an HTML page holds one: loop over them with "
                                             "{% for report in report.reports %} ('lsp-check help templates', 'A room'), "
                                             "or score each partnership's files on their own")])
    return [("single", report) for report in reports]


def _context(module: ModuleType, fmt: str, kind: str, model: object) -> dict[str, object]:
    from lsp_check.report.legacy import names

    context: dict[str, object] = module.context(kind, model)
    return {**names(fmt, kind, model), **context}


def _generate(template: jinja2.Template, view: dict[str, object]) -> str:
    """The rendered report, refused (at the template's current line) once it passes MAX_OUTPUT characters."""
    out: list[str] = []
    size = 0
    # Typed as an iterator, but a generator, whose throw() stops the template where it is writing.
    chunks = cast("Generator[str, None, None]", template.generate(**view))
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            # Thrown into the template, so that the message names the line that was writing.
            chunks.throw(TemplateRefused(f"the report passed {MAX_OUTPUT:,} characters, the most a template "
                                         "may write"))
        out.append(chunk)
    return "".join(out)


@contextlib.contextmanager
def _time_limit() -> Iterator[None]:
    """Stop a template that runs longer than TIME_LIMIT seconds (where a timer signal is available)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TemplateRefused(f"the template ran for more than {TIME_LIMIT:g} seconds")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _memory_limit() -> Iterator[None]:
    """Let the template's rendering use at most MAX_MEMORY more bytes of address space (on Linux)."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            in_use = int(statm.read().split()[0]) * resource.getpagesize()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, ValueError):
        yield
        return
    limit = in_use + MAX_MEMORY
    if soft != resource.RLIM_INFINITY and soft <= limit:
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    try:
        yield  # a MemoryError goes on to be reported at the template's line
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _located(error: Exception, kind: str = "", given: Iterable[str] = (), model: object = None) -> Problem | None:
    """The error at the innermost template line of its traceback (jinja2 maps template frames to their source);
    a name the template uses that this kind of report does not give says what it does give."""
    import jinja2
    from jinja2.exceptions import SecurityError

    from lsp_check.report.templatenames import MissingName, explain

    frames = [f for f in traceback.extract_tb(error.__traceback__) if not f.filename.endswith(".py")]
    if not frames:
        return None
    message = error.message if isinstance(error, jinja2.TemplateError) and error.message else str(error)
    if isinstance(error, MissingName):
        message = explain(error, _line(frames[-1].filename, frames[-1].lineno), given, model)
    elif isinstance(error, SecurityError):
        message = f"refused by the sandbox: {message}"
    elif isinstance(error, MemoryError):
        message = f"refused: the template used more than {MAX_MEMORY // 2**20:,} MB of memory"
    elif isinstance(error, TemplateRefused):
        message = f"refused: {message}"
    elif isinstance(error, OverflowError) and "range" in message.lower():
        message = f"refused: {message} (a template's range() has at most 100,000 numbers)"
    elif not isinstance(error, jinja2.TemplateError):
        message = f"{type(error).__name__}: {message}"
    if isinstance(error, jinja2.TemplateNotFound):
        message = f"template not found: {error.name}"
    elif isinstance(error, jinja2.UndefinedError) and kind:
        message += (f" (a {kind} report's template is given 'report', its report model: "
                    "'lsp-check help templates' says what it holds)")
    return Problem(frames[-1].filename, f"template error: {message}", frames[-1].lineno)


def _line(filename: str, number: int | None) -> str:
    """The template's line ``number`` (counted from 1), or "" when it cannot be read."""
    try:
        lines = Path(filename).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[number - 1] if number and 0 < number <= len(lines) else ""
