"""The command line: finds files, calls the loader, engine and formats, and sets the exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from lsp_check import __version__
from lsp_check.cli.common import (
    ANONYMITY_THRESHOLD,
    FULL,
    FormatChoice,
    Refusal,
    Settings,
    assess_files,
    assess_sectors,
    complete_sections,
    discard_stdout,
    emit,
    output_option,
    questionnaire_library,
    questionnaires_option,
    quiet_option,
    report_format,
    say,
    skip_invalid_option,
    start_up,
    strict_option,
    width_option,
    without_small_rooms,
)
from lsp_check.problems import InputError
from lsp_check.report import SCORE_FORMATS
from lsp_check.score import gates as exits

# Commands defined in lsp_check.cli.commands, imported only when one of them runs (or help lists them).
LAZY_COMMANDS = {
    "ask": "ask",
    "cluster": "cluster",
    "collect": "collect",
    "compare": "compare",
    "examples": "examples_command",
    "help": "help_command",
    "import": "import_command",
    "plan": "plan",
    "questionnaires": "questionnaires_group",
    "schema": "schema_command",
    "template": "template",
    "trend": "trend",
    "validate": "validate",
}


class ErrorHandlingGroup(click.Group):
    """A command group that turns known errors into messages and exit statuses, never tracebacks.

    Its commands other than score load lazily, so that scoring starts as fast as click and PyYAML allow.
    """

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
            from lsp_check.load.limits import MAX_PROBLEMS_SHOWN
            from lsp_check.problems import report_lines

            for line in report_lines(error.problems, MAX_PROBLEMS_SHOWN):
                say(line)
            ctx.exit(exits.BAD_INPUT)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader went away (e.g. `| head`); stop quietly.
            ctx.exit(exits.OK)
        except OSError as error:
            if error.errno not in FULL:
                return self._internal_error(ctx, error)
            # Reports to -o FILE are handled where they are written; this is stdout (`> /dev/full`, `ulimit -f`).
            discard_stdout()
            say(f"<stdout>: cannot be written: {error.strerror or error}")
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
@click.version_option(__version__, "-V", "--version", prog_name="lsp-check", message="%(prog)s, version %(version)s")
@click.option("--debug", is_flag=True, envvar="LSP_CHECK_DEBUG",
              help="Show a traceback for internal errors (also accepted after the command).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Score partnership health checks and suggest actions for weak answers.

    \b
    Exit status: 0 success; 1 a gate was not met (score --fail-under,
    score --fail-under-section, compare or trend --fail-on-regression);
    2 bad input or usage; 3 an internal error; 4 files with problems
    were left out (--skip-invalid); 130 interrupted.

    \b
    The documentation is shipped with lsp-check: 'lsp-check help' lists its
    topics, 'lsp-check help TOPIC' shows one; 'lsp-check examples .' copies
    here the examples/ folder its commands use.
    """
    ctx.obj = Settings(debug=debug)


if TYPE_CHECKING:
    _FloatParam = click.ParamType[float]  # generic for the type checker since click 8.3; plain at run time before
else:
    _FloatParam = click.ParamType


class Percent(_FloatParam):
    """A percentage from 0 to 100 (60 or 60%), as a float; nan and infinities are refused (nan would pass every
    gate)."""

    name = "percent"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        """The number, or a usage error naming the option."""
        if isinstance(value, float) and 0 <= value <= 100:
            return value
        from lsp_check.load.limits import shorten

        try:
            number = float(str(value).strip().removesuffix("%"))
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
        section, sep, number = value.rpartition("=")
        try:
            threshold = float(number.strip().removesuffix("%"))
        except ValueError:
            threshold = -1.0
        if not sep or not section.strip() or not 0 <= threshold <= 100:
            from lsp_check.load.limits import shorten

            raise click.BadParameter(f"'{shorten(value)}' is not SECTION=PCT with PCT from 0 to 100 (e.g. "
                                     "leadership=60, or 'Managing performance=50%')", ctx, param)
        gates.append(Gate(threshold, section.strip()))
    return tuple(gates)


@cli.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-f", "--format", "fmt", type=FormatChoice(SCORE_FORMATS), default=None,
              help="Report format [default: text; with --template, by the template's file name]. "
              "docx needs the 'docx' extra and -o FILE on a terminal.")
@output_option
@click.option("--fail-under", type=Percent(), metavar="PCT",
              help="Exit 1 when the overall percentage is below PCT (60 or 60%).")
@click.option("--fail-under-section", "section_gates", multiple=True, callback=_section_gates,
              shell_complete=complete_sections, metavar="SECTION=PCT",
              help="Exit 1 when SECTION's percentage is below PCT (repeatable); SECTION is a section's id or "
              "its title (leadership=40, 'Managing performance=50%').")
@click.option("--template", "template_file", metavar="FILE",
              help="Render the report through your own jinja2 template (Markdown, or HTML when the name "
              "ends .html, .htm or .html.j2); see 'lsp-check help templates'.")
@click.option("--show-respondents", is_flag=True,
              help="Name respondents in group reports, and withhold nothing (anonymous by default: "
              "'lsp-check help privacy').")
@click.option("--by", type=click.Choice(("sector", "organisation")),
              help="Show each sector's (or organisation's) medians side by side with the room's; see "
              "'lsp-check help sectors'.")
@click.option("--min-group", type=ANONYMITY_THRESHOLD, metavar="N",
              help="The anonymity threshold: a group of fewer than N respondents (a partnership's room beside "
              "others, a sector or an organisation) is never shown apart, and figures that would give it away are "
              "withheld; see 'lsp-check help privacy' [default: 3; never below 3].")
@skip_invalid_option
@width_option
@quiet_option
@strict_option
@questionnaires_option
def score(files: tuple[str, ...], fmt: str | None, output: str | None, fail_under: float | None,
          section_gates: tuple[Any, ...], template_file: str | None, show_respondents: bool, by: str | None,
          min_group: int | None, skip_invalid: bool, width: int | None, quiet: bool, strict: bool,
          questionnaire_dirs: tuple[str, ...]) -> None:
    """Score answers and print the report.

    \b
    FILE... is one answers file, or several files, directories or glob
    patterns (and form exports, CSV or Excel): their respondents are combined
    per partnership, with each question's distribution and disagreement.
    '-' reads an answers file from standard input.
    """
    if by and (template_file or show_respondents):
        raise Refusal(f"--by does not go with {'--template' if template_file else '--show-respondents'}: "
                      "a sectors report shows groups' medians, never respondents")
    fmt = report_format(fmt, template_file, output)
    library = questionnaire_library(questionnaire_dirs)
    section_gates = _check_section_gates(section_gates, library)
    skipped: list[Any] | None = [] if skip_invalid else None
    if by:
        result = assess_sectors(files, library, output, by, min_group, strict, skipped)
        decision = exits.decide(result.rooms, fail_under, section_gates, result.left_out, result.min_group)
    else:
        result = assess_files(files, library, output, show_respondents, strict, min_group, skipped)
        if not show_respondents:
            result = without_small_rooms(result, min_group)
        decision = exits.decide(result, fail_under, section_gates)
    decision = exits.with_skipped(decision, skipped or ())
    emit(fmt, result, output, decision, template_file, width=width, skipped=skipped, name_skipped=show_respondents)
    if not quiet or decision.status:
        say(decision.line + (f"; report written to {output}" if output else ""))
    sys.exit(decision.status)


def _check_section_gates(gates: tuple[Any, ...], library: Any) -> tuple[Any, ...]:
    """Each gate with its section found by id or by title (case and spacing aside); an unknown or unscored
    section, or a title two sections share, is a usage error."""
    from lsp_check.load.limits import shorten
    from lsp_check.matching import did_you_mean, normalise

    found = []
    for gate in gates:
        section = library.sections.get(gate.section)
        if section is None:
            wanted = normalise(gate.section)
            titled = [s for s in library.sections.values() if normalise(s.id) == wanted or normalise(s.title) == wanted]
            if len(titled) > 1:
                ids = ", ".join(s.id for s in titled)
                raise click.BadParameter(f"'{shorten(gate.section)}' is the title of several sections ({ids}); give "
                                         "the section's id", param_hint="'--fail-under-section'")
            section = titled[0] if titled else None
        if section is None:
            known = list(library.sections)
            titles = [s.title for s in library.sections.values()]
            hint = did_you_mean(gate.section, known) or did_you_mean(gate.section, titles)
            raise click.BadParameter(f"unknown section '{shorten(gate.section)}'{hint}; known: {', '.join(known)} "
                                     "(or their titles)", param_hint="'--fail-under-section'")
        if not section.scored:
            raise click.BadParameter(f"section '{gate.section}' has no scored questions, so it cannot be gated",
                                     param_hint="'--fail-under-section'")
        found.append(gate._replace(section=section.id))
    return tuple(found)


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
    """Run the command line: usage errors exit 2, Ctrl-C exits 130. Raises SystemExit with the exit status."""
    with_safe_stderr(lambda: _main(argv, prog_name))


def entry() -> None:
    """The ``lsp-check`` console script and ``python -m lsp_check``: the process is lsp-check's alone, so the
    garbage collector is set for a short run first (cli/common.start_up, docs/performance.md)."""
    start_up()
    main()


def _main(argv: list[str] | None, prog_name: str) -> None:
    try:
        status = cli.main(args=argv, prog_name=prog_name, standalone_mode=False)
    except click.exceptions.Abort:
        say("lsp-check: interrupted")
        status = exits.INTERRUPTED
    except click.ClickException as error:
        _show(error)
        status = exits.BAD_INPUT
    except KeyboardInterrupt:
        say("lsp-check: interrupted")
        status = exits.INTERRUPTED
    sys.exit(status if isinstance(status, int) else exits.OK)


def _show(error: click.ClickException) -> None:
    """Show a usage error as click writes it, through say(), so that on a terminal it wraps at whole words."""
    if isinstance(error, Refusal):
        error.show()
        return
    import io

    written = io.StringIO()
    error.show(file=written)
    say(written.getvalue().rstrip("\n"))
