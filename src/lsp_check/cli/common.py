"""What the commands share: options, the questionnaire library, reading the files given, and writing a report."""

from __future__ import annotations

import errno
import gc
import os
import sys
from typing import Any

import click

from lsp_check.method import LOWEST_THRESHOLD
from lsp_check.problems import InputError
from lsp_check.report import FORMATS, RenderOptions
from lsp_check.score import gates as exits

QUESTIONNAIRES_ENV = "LSP_CHECK_QUESTIONNAIRES"


class Settings:
    """Options shared by every command."""

    def __init__(self, debug: bool = False) -> None:
        self.debug = debug
        self.questionnaire_dirs: tuple[str, ...] = ()
        self.width: int | None = None


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
        say(f"lsp-check: note: {notice}")
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


def sections_of(library: Any, ids: tuple[str, ...]) -> Any:
    """The sections for questionnaire or section ids; a usage error naming the unknown ones."""
    from lsp_check.load.limits import shorten
    from lsp_check.matching import did_you_mean

    sections = library.expand(ids)
    if sections is None:
        known = list(library.questionnaires) + [s for s in library.sections if s not in library.questionnaires]
        unknown = [i for i in ids if i not in known]
        hints = [did_you_mean(u, known) for u in unknown]
        # No close match: perhaps a questionnaire of the user's own, which is loaded only when asked for.
        own = "" if all(hints) else " (a questionnaire of your own? give --questionnaires DIR)"
        raise click.BadParameter(
            "; ".join(f"unknown questionnaire or section '{shorten(u)}'{hint}" for u, hint in zip(unknown, hints))
            + f"{own}. Known: {', '.join(known)}",
            param_hint="ID",
        )
    return sections


def complete_sections(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of SECTION= for --fail-under-section."""
    from click.shell_completion import CompletionItem

    sections = _completion_library(ctx).sections
    return [CompletionItem(f"{sid}=", help=s.title) for sid, s in sections.items()
            if s.scored and sid.startswith(incomplete)]


class FormatChoice(click.Choice):  # type: ignore[type-arg]  # generic only for the type checker since click 8.2.1
    """The --format choice: a format not offered is a usage error that lists those offered, and for PDF says how
    to get one (no PDF writer is bundled: the HTML report prints on A4 from any browser)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The format, or a usage error (with the PDF hint when PDF was asked for)."""
        if isinstance(value, str) and value.strip().lower() == "pdf" and "pdf" not in self.choices:
            self.fail("lsp-check writes no PDF: write the HTML report (-f html -o report.html) and print it to PDF "
                      "from any browser (it is laid out for A4); or Word (-f docx) to save as PDF from Word",
                      param, ctx)
        return super().convert(value, param, ctx)


output_option = click.option("-o", "--output", metavar="FILE", help="Write the report to this file (atomically).")
bom_option = click.option("--bom/--no-bom", default=True, show_default=True,
                          help="Start CSV with a UTF-8 byte-order mark, so Excel on Windows reads it as UTF-8.")
strict_option = click.option(
    "--strict", is_flag=True,
    help="Refuse (exit 2) a form export's columns that match no question, instead of leaving them out "
    "with a warning.")


skip_invalid_option = click.option(
    "--skip-invalid", is_flag=True,
    help="Score the valid files and leave out any with a problem, naming each with its first problem on stderr "
    "and noting it in the report; exit 4 (1 if a gate failed), so CI never takes the run for a clean one.")


# The anonymity threshold as every command takes it (--min-group): never below the lowest docs/privacy.md allows.
ANONYMITY_THRESHOLD = click.IntRange(min=LOWEST_THRESHOLD)


quiet_option = click.option("-q", "--quiet", is_flag=True,
                            help="Do not print the verdict line on stderr (a failed gate still prints it).")

# Text is laid out at least this wide (narrower, tables cannot keep their columns), and a terminal's width is
# read up to TERMINAL_MOST (longer lines are hard to read); --width may ask for anything up to WIDEST.
NARROWEST, TERMINAL_MOST, WIDEST, PIPED = 60, 120, 1000, 100
width_option = click.option(
    "--width", type=click.IntRange(NARROWEST, WIDEST), metavar="N",
    help=f"Lay text out N columns wide [default: COLUMNS when set, else the terminal's width, even when piped "
    f"from a terminal; {PIPED} when no terminal is there, or with -o FILE].")


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
        say(f"lsp-check: {self.format_message()}")


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
                 strict: bool = False, threshold: int | None = None, skipped: list[Any] | None = None) -> Any:
    """The files' assessment (lsp_check.api.score_files), saying each warning on stderr.

    Given a ``skipped`` list (--skip-invalid), files with problems are left out, added to it and named on stderr.
    """
    from lsp_check.api import score_files

    warnings: list[Any] = []
    found: list[Any] | None = None if skipped is None else []
    result = score_files(files, expand_inputs(files, output), library, show_respondents=show_respondents,
                         strict=strict, threshold=threshold, warnings=warnings, skipped=found)
    say_found(warnings, found, skipped)
    return result


def without_small_rooms(result: Any, threshold: int | None = None) -> Any:
    """A report of several partnerships without the rooms below the anonymity threshold (score/disclosure.py),
    each named in a warning; refused (exit 2) when that leaves none. One partnership, or one answers file, is
    left as it is."""
    from lsp_check.method import DEFAULT_THRESHOLD
    from lsp_check.report import kind_of

    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    kind = kind_of(result)
    if kind not in ("room", "sectors"):
        return result
    if kind == "room":
        from lsp_check.score.disclosure import leave_out_small

        result = leave_out_small(result, threshold)
    if kind in ("room", "sectors"):
        say_left_out(result.left_out, threshold, bool(result.rooms if kind == "room" else result.views))
    return result


def say_left_out(left_out: Any, threshold: int, any_kept: bool,
                 override: tuple[str, str] = ("give --show-respondents to report it naming its respondents",
                                              "give --show-respondents to report them naming their respondents"),
                 ) -> None:
    """A warning for each partnership left out of a report of several (too few respondents to report it
    anonymously); refused (exit 2) when none is left. ``override`` says how to keep it anyway (one, then several)."""
    from lsp_check.load.limits import shorten
    from lsp_check.report.model.words import partnership_name, plural

    for name, respondents in left_out:
        click.echo(f"lsp-check: warning: left out {shorten(partnership_name(name))}: {plural(respondents, 'respondent')}"
                   f", fewer than {threshold}, cannot be reported anonymously beside other partnerships (score it on "
                   f"its own, or {override[0]})", err=True)
    if left_out and not any_kept:
        raise Refusal(f"no partnership has {threshold} or more respondents, so none can be reported anonymously; "
                      f"score each on its own, or {override[1]}")


def assess_sectors(files: tuple[str, ...], library: Any, output: str | None, by: str, min_group: int | None,
                   strict: bool, skipped: list[Any] | None = None) -> Any:
    """The files as a room read by sector or organisation (lsp_check.api.score_files_by), saying each warning (and
    file left out) on stderr."""
    from lsp_check.api import score_files_by
    from lsp_check.score.sectors import DEFAULT_MIN_GROUP

    min_group = DEFAULT_MIN_GROUP if min_group is None else min_group
    warnings: list[Any] = []
    found: list[Any] | None = None if skipped is None else []
    result = score_files_by(expand_inputs(files, output), library, by, min_group, strict=strict, warnings=warnings,
                            skipped=found)
    say_found(warnings, found, skipped)
    say_left_out(result.left_out, min_group, bool(result.views))
    return result


def say_warnings(warnings: list[Any]) -> None:
    """Each warning on stderr."""
    for warning in warnings:
        say(str(warning))


def say_found(warnings: list[Any], found: list[Any] | None, skipped: list[Any] | None) -> None:
    """Say each warning, and each file left out (its first problem, marked 'skipped'), adding those to skipped."""
    say_warnings(warnings)
    for problem in found or ():
        say(str(problem._replace(severity="skipped")))
    if found:
        from lsp_check.report.model.skipped import share_one_or_the_other

        if warning := share_one_or_the_other(len(found)):
            say(f"lsp-check: warning: {warning}")
    if skipped is not None and found:
        skipped.extend(found)


def expand_inputs(args: tuple[str, ...], output: str | None = None) -> list[str]:
    """The files arguments name, saying in one line on stderr what a directory held that is not answers.

    An input that is also the ``output`` is refused first (never overwritten); then a file named on its own
    that is plainly not answers (a report, a plan lsp-check wrote).
    """
    from lsp_check.load.inputs import expand, skipped_line

    skipped: list[Any] = []
    paths = expand(args, skipped)
    if output is not None:
        _refuse_input_as_output(output, paths)
    if skipped:
        say(skipped_line(skipped))
    check_readable(paths)
    return paths


def check_readable(paths: list[str]) -> None:
    """Refuse files named on their own that are plainly not answers nor a form export (a report, a plan lsp-check
    wrote, an .xls workbook), in the words every command uses."""
    from lsp_check.load.inputs import not_answers, own_output, refusal

    # Other .json files may hold answers written as JSON (JSON is YAML), so only reports are refused here.
    problems = [refusal(path, what)
                for path in paths
                if (what := not_answers(path)) and (not path.lower().endswith(".json") or own_output(path))]
    if problems:
        raise InputError(problems)


def emit(fmt: str, result: Any, output: str | None, verdict: Any = None, template_file: str | None = None,
         bom: bool = True, width: int | None = None, skipped: Any = (), name_skipped: bool = False) -> None:
    """Render a result and write it to the output file (atomically) or stdout: text, chunks or bytes; files
    --skip-invalid left out (``skipped``) are noted at the report's top (not in a --template's)."""
    color = output is None and fmt == "text" and color_stdout()
    width = text_width(width, to_terminal=output is None)
    if template_file is not None:
        from pathlib import Path

        from lsp_check.report.usertemplate import render_template

        report: Any = render_template(Path(template_file), fmt, result)
    else:
        from lsp_check.report import FormatError, render

        try:
            report = render(fmt, result, RenderOptions(color=color, width=width, verdict=verdict, bom=bom,
                                                       workers=min(os.cpu_count() or 1, 2),
                                                       skipped=tuple(skipped or ()), name_skipped=name_skipped))
        except FormatError as error:
            raise Refusal(f"--format {fmt}: {error}") from None
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


def color_stdout() -> bool:
    """Whether to colour stdout: a terminal, unless NO_COLOR is set."""
    if "NO_COLOR" in os.environ and os.environ["NO_COLOR"] != "":
        return False
    return sys.stdout.isatty()


def text_width(requested: int | None = None, to_terminal: bool = True) -> int:
    """How wide to lay text out: --width N; else COLUMNS when set, or the terminal's width when stdout is one;
    else, for stdout piped from a terminal (``score room/ | less``: a shell seldom exports COLUMNS), the width
    of the terminal stderr still writes to; any of these from NARROWEST to TERMINAL_MOST columns. Else PIPED."""
    if requested is not None:
        return requested
    if _columns_set() or (to_terminal and sys.stdout.isatty()):
        return terminal_width()
    columns = _stderr_columns() if to_terminal else None
    if columns is not None:
        return max(NARROWEST, min(columns, TERMINAL_MOST))
    return PIPED


def _columns_set() -> bool:
    value = os.environ.get("COLUMNS", "")
    return value.isdigit() and int(value) > 0


def say(message: str) -> None:
    """Write a message (a problem, a note, the verdict line) to stderr.

    On a terminal it is wrapped at whole words to the terminal's width (or COLUMNS), each continuation line
    indented (as far as the line itself is, or by two), so that no word is split at the edge of the screen; piped
    or in a CI log each message stays on one line, for tools that read ``file:line:column:``.
    """
    columns = _stderr_columns()
    if columns is not None and any(len(line) > columns for line in message.split("\n")):
        import textwrap

        message = "\n".join(
            textwrap.fill(line, columns, subsequent_indent=line[: len(line) - len(line.lstrip(" "))] or "  ",
                          break_long_words=False, break_on_hyphens=False)
            for line in message.split("\n"))
    click.echo(message, err=True)


def _stderr_columns() -> int | None:
    """The width of stderr when it is a terminal (COLUMNS first, as for stdout), else None."""
    stream = getattr(sys.stderr, "inner", sys.stderr)  # SafeStream (cli/main.with_safe_stderr) wraps it
    try:
        if not stream.isatty():
            return None
        columns = int(os.environ["COLUMNS"]) if _columns_set() else os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return None
    return max(NARROWEST // 2, columns)


def terminal_width() -> int:
    """The terminal's width, kept between NARROWEST and TERMINAL_MOST columns."""
    import shutil

    return max(NARROWEST, min(shutil.get_terminal_size().columns, TERMINAL_MOST))
