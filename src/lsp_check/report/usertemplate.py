"""Reports through a user's own jinja2 template (--template FILE), given the same view as the bundled one.

Markdown templates get Markdown-escaped values (as ``report.md.j2`` does);
HTML templates are autoescaped. A template's mistakes are bad input: one
message naming the template's file and line, exit status 2, no traceback.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from lsp_check.report import kind_of
from lsp_check.problems import InputError, Problem

TEMPLATE_FORMATS = ("markdown", "html")
HTML_SUFFIXES = (".html", ".htm", ".html.j2", ".htm.j2")


def format_for(path: str | Path) -> str:
    """The format a template renders, by its file name: html for .html, .htm, .html.j2, .htm.j2; else markdown."""
    return "html" if str(path).lower().endswith(HTML_SUFFIXES) else "markdown"


def render_template(path: Path, fmt: str, result: object) -> str:
    """Render a result through the template at ``path``, as Markdown or HTML."""
    import jinja2

    if fmt == "html":
        from lsp_check.report import html as module
    else:
        from lsp_check.report import markdown as module  # type: ignore[no-redef]
    if not path.is_file():
        raise InputError([Problem(str(path), "template not found" if not path.exists() else "is not a file")])
    kind = kind_of(result)
    if kind not in module.VIEWS:
        offered = ", ".join(sorted(module.VIEWS))
        raise InputError([Problem(str(path), f"--template does not yet render a {kind} report as {fmt} "
                                             f"(it renders: {offered})")])
    view = module.VIEWS[kind](result)
    # The template's own directory first, then the bundled templates, which it may extend, include or import.
    env = module.environment([path.parent, module.TEMPLATES])
    try:
        return env.get_template(path.name).render(**view)
    except jinja2.TemplateSyntaxError as error:
        where = error.filename or str(path)
        raise InputError([Problem(where, f"template error: {error.message}", error.lineno)]) from None
    except UnicodeDecodeError as error:
        raise InputError([Problem(str(path), f"template is not UTF-8 text ({error.reason})")]) from None
    except Exception as error:
        problem = _located(error)
        if problem is None:
            raise
        raise InputError([problem]) from None


def _located(error: Exception) -> Problem | None:
    """The error at the innermost template line of its traceback (jinja2 maps template frames to their source)."""
    import jinja2

    frames = [f for f in traceback.extract_tb(error.__traceback__) if not f.filename.endswith(".py")]
    if not frames:
        return None
    message = error.message if isinstance(error, jinja2.TemplateError) and error.message else str(error)
    if not isinstance(error, jinja2.TemplateError):
        message = f"{type(error).__name__}: {message}"
    if isinstance(error, jinja2.TemplateNotFound):
        message = f"template not found: {error.name}"
    return Problem(frames[-1].filename, f"template error: {message}", frames[-1].lineno)
