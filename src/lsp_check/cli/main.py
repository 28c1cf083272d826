"""The command line: finds files, calls the loader, engine and formats, and sets the exit status."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from lsp_check import __version__
from lsp_check.score import gates as exits
from lsp_check.report import FORMATS, SCORE_FORMATS, RenderOptions
from lsp_check.problems import InputError

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

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, the lazy ones included."""
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """A command by name, importing lsp_check.cli.commands for the lazy ones."""
        if name in LAZY_COMMANDS:
            from lsp_check.cli import commands

            return getattr(commands, LAZY_COMMANDS[name])
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; bad input exits 2, an internal error exits 3 with one line."""
        try:
            return super().invoke(ctx)
        except InputError as error:
            from lsp_check.load.limits import MAX_PROBLEMS_SHOWN
            from lsp_check.problems import report_lines

            for line in report_lines(error.problems, MAX_PROBLEMS_SHOWN):
                click.echo(line, err=True)
            ctx.exit(exits.BAD_INPUT)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader went away (e.g. `| head`); stop quietly.
            ctx.exit(exits.OK)
        except Exception as error:  # noqa: BLE001 - the last line of defence
            settings = ctx.find_object(Settings)
            if (settings and settings.debug) or os.environ.get("LSP_CHECK_DEBUG", "") not in ("", "0"):
                import traceback

                traceback.print_exc()
            click.echo(
                f"lsp-check: internal error: {type(error).__name__}: {error} "
                "(this is a bug; run with --debug for the traceback)",
                err=True,
            )
            ctx.exit(exits.INTERNAL_ERROR)


@click.group(cls=ErrorHandlingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
@click.option("--debug", is_flag=True, envvar="LSP_CHECK_DEBUG", help="Show a traceback for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Score partnership health checks and suggest actions for weak answers.

    \b
    Exit status: 0 success, 1 a --fail-under gate failed,
    2 bad input or usage, 3 an internal error, 130 interrupted.
    """
    ctx.obj = Settings(debug=debug)


class Refusal(click.ClickException):
    """A usage the command refuses, said in one line with exit status 2 (no usage text)."""

    exit_code = exits.BAD_INPUT

    def show(self, file: Any = None) -> None:
        """Print the message on stderr."""
        click.echo(f"lsp-check: {self.format_message()}", err=True)


class Percent(click.ParamType):
    """A percentage from 0 to 100, as a float; nan and infinities are refused (nan would pass every gate)."""

    name = "percent"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        """The number, or a usage error naming the option."""
        if isinstance(value, float) and 0 <= value <= 100:
            return value
        from lsp_check.load.limits import shorten

        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"'{shorten(str(value))}' is not a number; expected a percentage from 0 to 100", param, ctx)
        if not 0 <= number <= 100:
            self.fail(f"'{shorten(str(value))}' is not a percentage from 0 to 100", param, ctx)
        return number


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
            from lsp_check.load.limits import shorten

            raise click.BadParameter(f"'{shorten(value)}' is not SECTION=PCT with PCT from 0 to 100 (e.g. leadership=60)",
                                     ctx, param)
        gates.append(Gate(threshold, section.strip()))
    return tuple(gates)


@cli.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-f", "--format", "fmt", type=click.Choice(SCORE_FORMATS), default=None,
              help="Report format [default: text; with --template, by the template's file name]. "
              "docx needs the 'docx' extra and -o FILE on a terminal.")
@click.option("-o", "--output", metavar="FILE", help="Write the report to this file (atomically).")
@click.option("--fail-under", type=Percent(), metavar="PCT",
              help="Exit 1 when the overall percentage is below PCT.")
@click.option("--fail-under-section", "section_gates", multiple=True, callback=_section_gates,
              metavar="SECTION=PCT", help="Exit 1 when SECTION's percentage is below PCT (repeatable).")
@click.option("--template", "template_file", metavar="FILE",
              help="Render the report through your own jinja2 template (Markdown, or HTML when the name "
              "ends .html, .htm or .html.j2); see docs/templates.md.")
@click.option("--show-respondents", is_flag=True,
              help="Name respondents in group reports (anonymous by default).")
@click.option("-q", "--quiet", is_flag=True, help="Do not print the verdict line on stderr.")
@questionnaires_option
def score(files: tuple[str, ...], fmt: str | None, output: str | None, fail_under: float | None,
          section_gates: tuple[Any, ...], template_file: str | None, show_respondents: bool, quiet: bool,
          questionnaire_dirs: tuple[str, ...]) -> None:
    """Score answers and print the report.

    \b
    FILE... is one answers file, or several files, directories or glob
    patterns (and online-form CSV exports): their respondents are combined
    per partnership, with each question's distribution and disagreement.
    '-' reads an answers file from standard input.
    """
    fmt = _report_format(fmt, template_file, output)
    library = _library(questionnaire_dirs)
    _check_section_gates(section_gates, library)
    result = _results(files, library, output, show_respondents)
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
    from lsp_check.load.limits import shorten
    from lsp_check.matching import did_you_mean

    for gate in gates:
        section = library.sections.get(gate.section)
        if section is None:
            known = list(library.sections)
            raise click.BadParameter(f"unknown section '{shorten(gate.section)}'{did_you_mean(gate.section, known)}; "
                                     f"known: {', '.join(known)}", param_hint="'--fail-under-section'")
        if not section.scored:
            raise click.BadParameter(f"section '{gate.section}' has no scored questions, so it cannot be gated",
                                     param_hint="'--fail-under-section'")


def _results(files: tuple[str, ...], library: Any, output: str | None, show_respondents: bool = False) -> Any:
    """One result for a single answers file; otherwise a group result per partnership."""
    from lsp_check.load.inputs import expand

    paths = expand(files)
    if output is not None:
        _refuse_input_as_output(output, paths)
    single = len(files) == 1 and len(paths) == 1 and not paths[0].lower().endswith(".csv") and not os.path.isdir(files[0])
    if single:
        from lsp_check.load.answers import load_answers
        from lsp_check.score.engine import score as run_score

        return run_score(library, load_answers(paths[0], library))
    from lsp_check.score.batch import accumulate_all

    groups = accumulate_all(paths, library, keep_names=show_respondents)
    return [group.finish(library) for group in groups.values()]


def _one_partnership(arg: str, library: Any, output: str | None) -> Any:
    """The result for one side of a comparison, which must hold exactly one partnership."""
    result = _results((arg,), library, output)
    if isinstance(result, list):
        if len(result) != 1:
            names = ", ".join(r.partnership or "(unnamed)" for r in result)
            raise InputError([_problem(arg, f"holds {len(result)} partnerships ({names}); compare takes one "
                                            "partnership on each side (use 'lsp-check cluster' for several)")])
        return result[0]
    return result


def _emit(fmt: str, result: Any, output: str | None, verdict: Any = None, template_file: str | None = None) -> None:
    """Render a result and write it to the output file (atomically) or stdout: text, chunks or bytes."""
    color = output is None and fmt == "text" and _color_stdout()
    width = _width() if output is None and sys.stdout.isatty() else 100
    if template_file is not None:
        from pathlib import Path

        from lsp_check.report.usertemplate import render_template

        report: Any = render_template(Path(template_file), fmt, result)
    else:
        from lsp_check.report import render

        report = render(fmt, result, RenderOptions(color=color, width=width, verdict=verdict))
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


def main(argv: list[str] | None = None, prog_name: str = "lsp-check") -> None:
    """Run the command line: usage errors exit 2, Ctrl-C exits 130."""
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
