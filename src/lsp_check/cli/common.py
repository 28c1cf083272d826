"""What the commands share: options, the questionnaire library, reading the files given, and writing a report."""

from __future__ import annotations

import errno
import gc
import os
import sys
from typing import Any

import click

from lsp_check.problems import InputError
from lsp_check.report import FORMATS, RenderOptions
from lsp_check.score import gates as exits

QUESTIONNAIRES_ENV = "LSP_CHECK_QUESTIONNAIRES"


class Settings:
    """Options shared by every command."""

    def __init__(self, debug: bool = False) -> None:
        self.debug = debug
        self.questionnaire_dirs: tuple[str, ...] = ()


# A short run makes about 20,000 container objects, nearly all long-lived (modules, classes, the questionnaire
# library); the collector's default, a pass every 700, keeps walking them and finds nothing to free. Measured by
# bench/tricks.py "collector": 12% of `lsp-check score FILE --format json` and 13% of the text report.
COLLECT_EVERY = 100_000


def start_up() -> tuple[int, ...]:
    """Set the garbage collector for a run of lsp-check; return the setting to restore (docs/performance.md).

    A cycle collection every COLLECT_EVERY new objects instead of every 700, so a single report runs none while
    a run over many files still frees whatever cycles it leaves; and at interpreter exit the objects left are
    frozen, so the final full collection does not walk them only for the operating system to free the memory.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(COLLECT_EVERY, *threshold[1:])
    if not _FROZEN_AT_EXIT:
        import atexit

        atexit.register(gc.freeze)
        _FROZEN_AT_EXIT.append(True)
    return threshold


_FROZEN_AT_EXIT: list[bool] = []


def questionnaire_library(dirs: tuple[str, ...]) -> Any:
    """The bundled questionnaires with those in ``dirs``, from the cache when unchanged; notices on stderr."""
    from lsp_check.load.questionnaires import load_library

    library, _warnings = load_library(dirs)
    for notice in library.notices:
        click.echo(f"lsp-check: note: {notice}", err=True)
    return library


questionnaires_option = click.option(
    "--questionnaires",
    "questionnaire_dirs",
    type=str,
    multiple=True,
    envvar=QUESTIONNAIRES_ENV,
    help=f"Also load questionnaires from DIR (repeatable; or set {QUESTIONNAIRES_ENV}). "
    "A questionnaire with a bundled one's id replaces it, with a note.",
    metavar="DIR",
)


def _completion_library(ctx: click.Context) -> Any:
    from lsp_check.load.questionnaires import load_library

    dirs = tuple(ctx.params.get("questionnaire_dirs") or ()) or tuple(
        d for d in os.environ.get(QUESTIONNAIRES_ENV, "").split(os.pathsep) if d)
    try:
        return load_library(dirs)[0]
    except (InputError, OSError):
        return load_library()[0]


def complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of questionnaire and section ids (for template, ask and questionnaires show)."""
    from click.shell_completion import CompletionItem

    library = _completion_library(ctx)
    items = [CompletionItem(qid, help=q.title) for qid, q in library.questionnaires.items()]
    items += [CompletionItem(sid, help=s.title) for sid, s in library.sections.items()
              if sid not in library.questionnaires]
    return [item for item in items if item.value.startswith(incomplete)]


def complete_sections(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of SECTION= for --fail-under-section."""
    from click.shell_completion import CompletionItem

    sections = _completion_library(ctx).sections
    return [CompletionItem(f"{sid}=", help=s.title) for sid, s in sections.items()
            if s.scored and sid.startswith(incomplete)]


output_option = click.option("-o", "--output", metavar="FILE", help="Write the report to this file (atomically).")
bom_option = click.option("--bom/--no-bom", default=True, show_default=True,
                          help="Start CSV with a UTF-8 byte-order mark, so Excel on Windows reads it as UTF-8.")
strict_option = click.option(
    "--strict", is_flag=True,
    help="Refuse (exit 2) a form export's columns that match no question, instead of leaving them out "
    "with a warning.")


quiet_option = click.option("-q", "--quiet", is_flag=True,
                            help="Do not print the verdict line on stderr (a failed gate still prints it).")


# Errors of a full disk or a file-size limit: the user's environment, not a bug (ENOSPC, EFBIG, EDQUOT).
FULL = (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC))


def discard_stdout() -> None:
    """Point stdout at /dev/null, so that the report still buffered is not written again at exit."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (click's test runner)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


class Refusal(click.ClickException):
    """A usage the command refuses, said in one line with exit status 2 (no usage text)."""

    exit_code = exits.BAD_INPUT

    def show(self, file: Any = None) -> None:
        """Print the message on stderr."""
        click.echo(f"lsp-check: {self.format_message()}", err=True)


def report_format(fmt: str | None, template_file: str | None, output: str | None) -> str:
    """The format to render, refusing what cannot work before any file is read."""
    from lsp_check.report import MissingExtra, require

    if template_file is not None:
        from lsp_check.report.usertemplate import TEMPLATE_FORMATS, format_for

        if fmt is not None and fmt not in TEMPLATE_FORMATS:
            raise Refusal(f"--template renders Markdown or HTML, not --format {fmt}")
        return fmt or format_for(template_file)
    fmt = fmt or "text"
    try:
        require(fmt)
    except MissingExtra as error:
        raise Refusal(str(error)) from None
    if FORMATS[fmt].binary and output is None and stdout_is_terminal():
        raise Refusal(f"--format {fmt} writes a binary file: give -o FILE, or redirect stdout to a file")
    return fmt


def assess_files(files: tuple[str, ...], library: Any, output: str | None, show_respondents: bool = False,
                 strict: bool = False) -> Any:
    """The files' assessment (lsp_check.api.score_files), saying each warning on stderr."""
    from lsp_check.api import score_files

    warnings: list[Any] = []
    result = score_files(files, expand_inputs(files, output), library, show_respondents=show_respondents,
                         strict=strict, warnings=warnings)
    say_warnings(warnings)
    return result


def assess_sectors(files: tuple[str, ...], library: Any, output: str | None, by: str, min_group: int | None,
                   strict: bool) -> Any:
    """The files as a room read by sector or organisation (lsp_check.api.score_files_by), saying each warning."""
    from lsp_check.api import score_files_by

    warnings: list[Any] = []
    result = score_files_by(expand_inputs(files, output), library, by, min_group, strict=strict, warnings=warnings)
    say_warnings(warnings)
    return result


def say_warnings(warnings: list[Any]) -> None:
    """Each warning on stderr, one a line."""
    for warning in warnings:
        click.echo(str(warning), err=True)


def expand_inputs(args: tuple[str, ...], output: str | None = None) -> list[str]:
    """The files arguments name, saying in one line on stderr what a directory held that is not answers.

    An input that is also the ``output`` is refused first (never overwritten); then a file named on its own
    that is plainly not answers (a report, a plan lsp-check wrote).
    """
    from lsp_check.load.inputs import expand, not_answers, own_output, skipped_line
    from lsp_check.problems import Problem

    skipped: list[Any] = []
    paths = expand(args, skipped)
    if output is not None:
        _refuse_input_as_output(output, paths)
    if skipped:
        click.echo(skipped_line(skipped), err=True)
    # Other .json files may hold answers written as JSON (JSON is YAML), so only reports are refused here.
    problems = [Problem(path, f"is {what}, not an answers file; expected answers (YAML) or an online-form "
                              "export (CSV)")
                for path in paths
                if (what := not_answers(path)) and (not path.lower().endswith(".json") or own_output(path))]
    if problems:
        raise InputError(problems)
    return paths


def emit(fmt: str, result: Any, output: str | None, verdict: Any = None, template_file: str | None = None,
          bom: bool = True) -> None:
    """Render a result and write it to the output file (atomically) or stdout: text, chunks or bytes."""
    color = output is None and fmt == "text" and _color_stdout()
    width = terminal_width() if output is None and sys.stdout.isatty() else 100
    if template_file is not None:
        from pathlib import Path

        from lsp_check.report.usertemplate import render_template

        report: Any = render_template(Path(template_file), fmt, result)
    else:
        from lsp_check.report import render

        report = render(fmt, result, RenderOptions(color=color, width=width, verdict=verdict, bom=bom,
                                                   workers=min(os.cpu_count() or 1, 2)))
    from lsp_check.sanitise import report as safe

    report = safe(fmt, report, color)
    if output is not None:
        from pathlib import Path

        from lsp_check.writing import write_atomic

        write_atomic(Path(output), report)
    elif isinstance(report, (str, bytes)):
        click.echo(report, nl=False, color=color)
    else:
        for chunk in report:
            click.echo(chunk, nl=False)


def _refuse_input_as_output(output: str, inputs: list[str]) -> None:
    for path in inputs:
        try:
            same = os.path.exists(output) and os.path.samefile(output, path)
        except OSError:
            same = False
        if same:
            raise InputError([_problem(str(output), "is an input file; refusing to overwrite it with a report")])


def _problem(file: str, message: str) -> Any:
    from lsp_check.problems import Problem

    return Problem(file, message)


def stdout_is_terminal() -> bool:
    """Whether stdout is a terminal."""
    return sys.stdout.isatty()


def _color_stdout() -> bool:
    if "NO_COLOR" in os.environ and os.environ["NO_COLOR"] != "":
        return False
    return sys.stdout.isatty()


def terminal_width() -> int:
    """The terminal's width, kept between 60 and 120 columns."""
    import shutil

    return max(60, min(shutil.get_terminal_size().columns, 120))
