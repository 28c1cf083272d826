"""The command line: finds files, calls the loader, engine and formats, and sets the exit status."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from lsp_check import __version__
from lsp_check.problems import InputError
from lsp_check.report import FORMATS, SCORE_FORMATS, RenderOptions
from lsp_check.score import gates as exits

QUESTIONNAIRES_ENV = "LSP_CHECK_QUESTIONNAIRES"


class Settings:
    """Options shared by every command."""

    def __init__(self, debug: bool = False) -> None:
        self.debug = debug
        self.questionnaire_dirs: tuple[str, ...] = ()


def _library(dirs: tuple[str, ...]) -> Any:
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


strict_option = click.option(
    "--strict", is_flag=True,
    help="Refuse (exit 2) a form export's columns that match no question, instead of leaving them out "
    "with a warning.")

quiet_option = click.option("-q", "--quiet", is_flag=True,
                            help="Do not print the verdict line on stderr (a failed gate still prints it).")


# Commands defined in lsp_check.cli.commands, imported only when one of them runs (or help lists them).
LAZY_COMMANDS = {
    "ask": "ask",
    "cluster": "cluster",
    "compare": "compare",
    "import": "import_command",
    "plan": "plan",
    "questionnaires": "questionnaires_group",
    "schema": "schema_command",
    "template": "template",
    "validate": "validate",
}


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    # click.version_option would do, but its gettext lookups import locale on every start.
    if value and not ctx.resilient_parsing:
        click.echo(f"lsp-check, version {__version__}")
        ctx.exit()


def _show_help(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class QuickHelp:
    """Gives a command its -h/--help option without click's translation lookups, which import locale every run."""

    _quick_help: click.Option | None = None

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """The help option, made once per command."""
        names = self.get_help_option_names(ctx)  # type: ignore[attr-defined]
        if not names or not self.add_help_option:  # type: ignore[attr-defined]
            return None
        if self._quick_help is None:
            self._quick_help = click.Option(names, is_flag=True, is_eager=True, expose_value=False,
                                            callback=_show_help, help="Show this message and exit.")
        return self._quick_help


class QuickHelpCommand(QuickHelp, click.Command):
    """A command whose help option costs nothing at start-up."""


class ErrorHandlingGroup(QuickHelp, click.Group):
    """A command group that turns known errors into messages and exit statuses, never tracebacks.

    Its commands other than score load lazily, so that scoring starts as fast as click and PyYAML allow.
    """

    command_class = QuickHelpCommand

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line with every message on stderr made safe (control characters shown visibly)."""
        return with_safe_stderr(lambda: super(ErrorHandlingGroup, self).main(*args, **kwargs))

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, the lazy ones included."""
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """A command by name, importing lsp_check.cli.commands for the lazy ones."""
        if name in LAZY_COMMANDS:
            from lsp_check.cli import commands

            command: click.Command = getattr(commands, LAZY_COMMANDS[name])
            return command
        return super().get_command(ctx, name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Accept --debug after the subcommand as well as before it (the error line suggests it either way)."""
        end = args.index("--") if "--" in args else len(args)
        if "--debug" in args[:end]:
            args = ["--debug"] + [a for a in args[:end] if a != "--debug"] + args[end:]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; bad input exits 2, an internal error exits 3 with one line."""
        try:
            return super().invoke(ctx)
        except InputError as error:
            for problem in error.problems:
                click.echo(str(problem), err=True)
            ctx.exit(exits.BAD_INPUT)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader went away (e.g. `| head`); stop quietly.
            ctx.exit(exits.OK)
        except OSError as error:
            if error.errno not in _FULL:
                return self._internal_error(ctx, error)
            # Reports to -o FILE are handled where they are written; this is stdout (`> /dev/full`, `ulimit -f`).
            _discard_stdout()
            click.echo(f"<stdout>: cannot be written: {error.strerror or error}", err=True)
            ctx.exit(exits.BAD_INPUT)
        except Exception as error:  # noqa: BLE001 - the last line of defence
            return self._internal_error(ctx, error)

    def _internal_error(self, ctx: click.Context, error: Exception) -> None:
        """Say that an unexpected error is a bug, in one line (with the traceback under --debug), and exit 3."""
        settings = ctx.find_object(Settings)
        if (settings and settings.debug) or os.environ.get("LSP_CHECK_DEBUG", "") not in ("", "0"):
            import traceback

            traceback.print_exception(error)
        click.echo(
            f"lsp-check: internal error: {type(error).__name__}: {error} "
            "(this is a bug; run with --debug for the traceback)",
            err=True,
        )
        ctx.exit(exits.INTERNAL_ERROR)


@click.group(cls=ErrorHandlingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
@click.option("--debug", is_flag=True, envvar="LSP_CHECK_DEBUG",
              help="Show a traceback for internal errors (also accepted after the command).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Score partnership health checks and suggest actions for weak answers.

    \b
    Exit status: 0 success; 1 a gate was not met (score --fail-under,
    score --fail-under-section, compare --fail-on-regression); 2 bad input
    or usage; 3 an internal error; 130 interrupted.
    """
    ctx.obj = Settings(debug=debug)


# Errors of a full disk or a file-size limit: the user's environment, not a bug (ENOSPC, EFBIG, EDQUOT).
_FULL = (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC))


def _discard_stdout() -> None:
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


def _section_gates(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[Any, ...]:
    """Parse each SECTION=PCT; whether SECTION exists is checked once the questionnaires are loaded."""
    from lsp_check.score.gates import Gate

    gates = []
    for value in values:
        section, sep, number = value.partition("=")
        try:
            threshold = float(number)
        except ValueError:
            threshold = -1.0
        if not sep or not section.strip() or not 0 <= threshold <= 100:
            raise click.BadParameter(f"'{value}' is not SECTION=PCT with PCT from 0 to 100 (e.g. leadership=60)",
                                     ctx, param)
        gates.append(Gate(threshold, section.strip()))
    return tuple(gates)


@cli.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-f", "--format", "fmt", type=click.Choice(SCORE_FORMATS), default=None,
              help="Report format [default: text; with --template, by the template's file name]. "
              "docx needs the 'docx' extra and -o FILE on a terminal.")
@click.option("-o", "--output", metavar="FILE", help="Write the report to this file (atomically).")
@click.option("--fail-under", type=click.FloatRange(0, 100), metavar="PCT",
              help="Exit 1 when the overall percentage is below PCT.")
@click.option("--fail-under-section", "section_gates", multiple=True, callback=_section_gates,
              shell_complete=complete_sections, metavar="SECTION=PCT",
              help="Exit 1 when SECTION's percentage is below PCT (repeatable).")
@click.option("--template", "template_file", metavar="FILE",
              help="Render the report through your own jinja2 template (Markdown, or HTML when the name "
              "ends .html, .htm or .html.j2); see docs/templates.md.")
@click.option("--show-respondents", is_flag=True,
              help="Name respondents in group reports (anonymous by default).")
@quiet_option
@strict_option
@questionnaires_option
def score(files: tuple[str, ...], fmt: str | None, output: str | None, fail_under: float | None,
          section_gates: tuple[Any, ...], template_file: str | None, show_respondents: bool, quiet: bool,
          strict: bool, questionnaire_dirs: tuple[str, ...]) -> None:
    """Score answers and print the report.

    \b
    FILE... is one answers file, or several files, directories or glob
    patterns (and online-form CSV exports): their respondents are combined
    per partnership, with each question's distribution and disagreement.
    """
    fmt = _report_format(fmt, template_file, output)
    library = _library(questionnaire_dirs)
    _check_section_gates(section_gates, library)
    result = _results(files, library, output, show_respondents, strict)
    decision = exits.decide(result, fail_under, section_gates)
    _emit(fmt, result, output, decision, template_file)
    if not quiet or decision.status:
        click.echo(decision.line + (f"; report written to {output}" if output else ""), err=True)
    sys.exit(decision.status)


def _report_format(fmt: str | None, template_file: str | None, output: str | None) -> str:
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
    if FORMATS[fmt].binary and output is None and _stdout_is_terminal():
        raise Refusal(f"--format {fmt} writes a binary file: give -o FILE, or redirect stdout to a file")
    return fmt


def _check_section_gates(gates: tuple[Any, ...], library: Any) -> None:
    from lsp_check.matching import did_you_mean

    for gate in gates:
        section = library.sections.get(gate.section)
        if section is None:
            known = list(library.sections)
            raise click.BadParameter(f"unknown section '{gate.section}'{did_you_mean(gate.section, known)}; "
                                     f"known: {', '.join(known)}", param_hint="'--fail-under-section'")
        if not section.scored:
            raise click.BadParameter(f"section '{gate.section}' has no scored questions, so it cannot be gated",
                                     param_hint="'--fail-under-section'")


def _results(files: tuple[str, ...], library: Any, output: str | None, show_respondents: bool = False,
             strict: bool = False) -> Any:
    """The files' assessment (see lsp_check.score.assessment), saying each warning on stderr."""
    from lsp_check.score.assessment import assess

    warnings: list[Any] = []
    result = assess(files, expand_inputs(files, output), library, show_respondents, strict, warnings)
    for warning in warnings:
        click.echo(str(warning), err=True)
    return result


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


def _one_partnership(arg: str, library: Any, output: str | None, strict: bool = False) -> Any:
    """The result for one side of a comparison, which must hold exactly one partnership."""
    from lsp_check.score.assessment import one_partnership

    return one_partnership(_results((arg,), library, output, strict=strict), arg)


def _emit(fmt: str, result: Any, output: str | None, verdict: Any = None, template_file: str | None = None,
          bom: bool = True) -> None:
    """Render a result and write it to the output file (atomically) or stdout: text, chunks or bytes."""
    color = output is None and fmt == "text" and _color_stdout()
    width = _width() if output is None and sys.stdout.isatty() else 100
    if template_file is not None:
        from pathlib import Path

        from lsp_check.report.usertemplate import render_template

        report: Any = render_template(Path(template_file), fmt, result)
    else:
        from lsp_check.report import render

        report = render(fmt, result, RenderOptions(color=color, width=width, verdict=verdict, bom=bom))
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


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _color_stdout() -> bool:
    if "NO_COLOR" in os.environ and os.environ["NO_COLOR"] != "":
        return False
    return sys.stdout.isatty()


def _width() -> int:
    import shutil

    return max(60, min(shutil.get_terminal_size().columns, 120))


def with_safe_stderr(run: Callable[[], Any]) -> Any:
    """Run with control characters in anything written to stderr shown visibly, so user text cannot drive
    the terminal (docs/reliability.md)."""
    from lsp_check.sanitise import SafeStream

    previous = sys.stderr
    if not isinstance(previous, SafeStream):
        sys.stderr = SafeStream(previous)
    try:
        return run()
    finally:
        sys.stderr = previous


def main(argv: list[str] | None = None, prog_name: str = "lsp-check") -> None:
    """Run the command line: usage errors exit 2, Ctrl-C exits 130."""
    with_safe_stderr(lambda: _main(argv, prog_name))


def _main(argv: list[str] | None, prog_name: str) -> None:
    try:
        status = cli.main(args=argv, prog_name=prog_name, standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("lsp-check: interrupted", err=True)
        status = exits.INTERRUPTED
    except click.ClickException as error:
        error.show()
        status = exits.BAD_INPUT
    except KeyboardInterrupt:
        click.echo("lsp-check: interrupted", err=True)
        status = exits.INTERRUPTED
    sys.exit(status if isinstance(status, int) else exits.OK)
