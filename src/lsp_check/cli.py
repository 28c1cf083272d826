"""The command line: finds files, calls the loader, engine and formats, and sets the exit status."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from lsp_check import __version__
from lsp_check import verdict as exits
from lsp_check.formats import SCORE_FORMATS, RenderOptions
from lsp_check.problems import InputError

QUESTIONNAIRES_ENV = "LSP_CHECK_QUESTIONNAIRES"


class Settings:
    """Options shared by every command."""

    def __init__(self, debug: bool = False) -> None:
        self.debug = debug
        self.questionnaire_dirs: tuple[str, ...] = ()


def _library(dirs: tuple[str, ...]) -> Any:
    from lsp_check.library import load_library

    library, _warnings = load_library(dirs)
    for notice in library.notices:
        click.echo(f"lsp-check: note: {notice}", err=True)
    return library


questionnaires_option = click.option(
    "--questionnaires",
    "questionnaire_dirs",
    type=click.Path(file_okay=False),
    multiple=True,
    envvar=QUESTIONNAIRES_ENV,
    help=f"Also load questionnaires from DIR (repeatable; or set {QUESTIONNAIRES_ENV}). "
    "A questionnaire with a bundled one's id replaces it, with a note.",
    metavar="DIR",
)


# Commands defined in lsp_check.commands, imported only when one of them runs (or help lists them).
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


class ErrorHandlingGroup(click.Group):
    """A command group that turns known errors into messages and exit statuses, never tracebacks.

    Its commands other than score load lazily, so that scoring starts as fast as click and PyYAML allow.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command, the lazy ones included."""
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        """A command by name, importing lsp_check.commands for the lazy ones."""
        if name in LAZY_COMMANDS:
            from lsp_check import commands

            return getattr(commands, LAZY_COMMANDS[name])
        return super().get_command(ctx, name)

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
@click.version_option(__version__, "-V", "--version", prog_name="lsp-check")
@click.option("--debug", is_flag=True, envvar="LSP_CHECK_DEBUG", help="Show a traceback for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Score partnership health checks and suggest actions for weak answers.

    \b
    Exit status: 0 success, 1 a --fail-under gate failed,
    2 bad input or usage, 3 an internal error, 130 interrupted.
    """
    ctx.obj = Settings(debug=debug)


@cli.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-f", "--format", "fmt", type=click.Choice(SCORE_FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(), help="Write the report to this file (atomically).")
@click.option("--fail-under", type=click.FloatRange(0, 100), metavar="PCT",
              help="Exit 1 when the overall percentage is below PCT.")
@click.option("--show-respondents", is_flag=True,
              help="Name respondents in group reports (anonymous by default).")
@click.option("-q", "--quiet", is_flag=True, help="Do not print the verdict line on stderr.")
@questionnaires_option
def score(files: tuple[str, ...], fmt: str, output: str | None, fail_under: float | None, show_respondents: bool,
          quiet: bool, questionnaire_dirs: tuple[str, ...]) -> None:
    """Score answers and print the report.

    \b
    FILE... is one answers file, or several files, directories or glob
    patterns (and online-form CSV exports): their respondents are combined
    per partnership, with each question's distribution and disagreement.
    """
    library = _library(questionnaire_dirs)
    result = _results(files, library, output, show_respondents)
    _emit(fmt, result, output)
    decision = exits.decide(result, fail_under)
    if not quiet or decision.status:
        click.echo(decision.line + (f"; report written to {output}" if output else ""), err=True)
    sys.exit(decision.status)


def _results(files: tuple[str, ...], library: Any, output: str | None, show_respondents: bool = False) -> Any:
    """One result for a single answers file; otherwise a group result per partnership."""
    from lsp_check.inputs import expand

    paths = expand(files)
    if output is not None:
        _refuse_input_as_output(output, paths)
    single = len(files) == 1 and len(paths) == 1 and not paths[0].lower().endswith(".csv") and not os.path.isdir(files[0])
    if single:
        from lsp_check.answers import load_answers
        from lsp_check.engine import score as run_score

        return run_score(library, load_answers(paths[0], library))
    from lsp_check.batch import accumulate_all

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


def _emit(fmt: str, result: Any, output: str | None) -> None:
    """Render a result and write it to the output file (atomically) or stdout."""
    from lsp_check.formats import render

    color = output is None and fmt == "text" and _color_stdout()
    width = _width() if output is None and sys.stdout.isatty() else 100
    report = render(fmt, result, RenderOptions(color=color, width=width))
    if output is not None:
        from pathlib import Path

        from lsp_check.output import write_atomic

        write_atomic(Path(output), report)
    elif isinstance(report, str):
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
