"""The command line: finds files, calls the loader, engine and formats, and sets the exit status."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from lsp_check import __version__
from lsp_check import verdict as exits
from lsp_check.formats import FORMATS, RenderOptions
from lsp_check.problems import InputError

QUESTIONNAIRES_ENV = "LSP_CHECK_QUESTIONNAIRES"


class Settings:
    """Options shared by every command."""

    def __init__(self, debug: bool = False) -> None:
        self.debug = debug
        self.questionnaire_dirs: tuple[Path, ...] = ()


def _library(dirs: tuple[Path, ...]) -> Any:
    from lsp_check.library import load_library

    library, _warnings = load_library(dirs)
    for notice in library.notices:
        click.echo(f"lsp-check: note: {notice}", err=True)
    return library


questionnaires_option = click.option(
    "--questionnaires",
    "questionnaire_dirs",
    type=click.Path(path_type=Path, file_okay=False),
    multiple=True,
    envvar=QUESTIONNAIRES_ENV,
    help=f"Also load questionnaires from DIR (repeatable; or set {QUESTIONNAIRES_ENV}). "
    "A questionnaire with a bundled one's id replaces it, with a note.",
    metavar="DIR",
)


class ErrorHandlingGroup(click.Group):
    """A command group that turns known errors into messages and exit statuses, never tracebacks."""

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
@click.argument("file", type=click.Path(path_type=Path, dir_okay=True))
@click.option("-f", "--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the report to this file (atomically).")
@click.option("--fail-under", type=click.FloatRange(0, 100), metavar="PCT",
              help="Exit 1 when the overall percentage is below PCT.")
@click.option("-q", "--quiet", is_flag=True, help="Do not print the verdict line on stderr.")
@questionnaires_option
def score(file: Path, fmt: str, output: Path | None, fail_under: float | None, quiet: bool,
          questionnaire_dirs: tuple[Path, ...]) -> None:
    """Score an answers FILE and print the report."""
    from lsp_check.answers import load_answers
    from lsp_check.engine import score as run_score
    from lsp_check.formats import render

    library = _library(questionnaire_dirs)
    sheet = load_answers(file, library)
    if output is not None:
        _refuse_input_as_output(output, [file])
    result = run_score(library, sheet)
    color = output is None and fmt == "text" and _color_stdout()
    width = _width() if output is None and sys.stdout.isatty() else 100
    report = render(fmt, result, RenderOptions(color=color, width=width))
    if output is not None:
        from lsp_check.output import write_atomic

        write_atomic(output, report)
    else:
        click.echo(report, nl=False, color=color)
    decision = exits.decide(result, fail_under)
    if not quiet or decision.status:
        click.echo(decision.line + (f"; report written to {output}" if output else ""), err=True)
    sys.exit(decision.status)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 2).")
@questionnaires_option
def validate(files: tuple[Path, ...], strict: bool, questionnaire_dirs: tuple[Path, ...]) -> None:
    """Check answers and questionnaire FILES without scoring; exit 0 if all are valid, else 2.

    Questionnaire files given here are checked together with the bundled ones
    (and any --questionnaires DIR), and answers files are checked against them.
    """
    from lsp_check.answers import check_answers
    from lsp_check.library import is_questionnaire_data, load_library
    from lsp_check.yamlio import load_file

    problems = []
    docs = []
    for path in files:
        try:
            docs.append((path, load_file(path)))
        except InputError as error:
            problems.extend(error.problems)
    questionnaire_paths = [path for path, doc in docs if is_questionnaire_data(doc.data)]
    try:
        library, warnings = load_library(questionnaire_dirs, questionnaire_paths)
    except InputError as error:
        problems.extend(error.problems)
        library, warnings = load_library(questionnaire_dirs)
    for notice in library.notices:
        click.echo(f"lsp-check: note: {notice}", err=True)
    for warning in warnings:
        click.echo(str(warning), err=True)
    failed = {p.file for p in problems}
    warned = {w.file for w in warnings}
    for path, doc in docs:
        if is_questionnaire_data(doc.data):
            if str(path) not in failed:
                found = [q.id for q in library.questionnaires.values() if q.path == str(path)]
                status = "valid, with warnings," if str(path) in warned else "valid"
                click.echo(f"{path}: {status} questionnaire file ({', '.join(found) or 'scales only'})")
            continue
        try:
            sheet = check_answers(doc, library)
        except InputError as error:
            problems.extend(error.problems)
            continue
        answered = sum(len(a) for a in sheet.answers.values())
        count = len(sheet.answers)
        click.echo(f"{path}: valid answers ({count} section{'s' if count != 1 else ''}, {answered} answered)")
    if strict and warnings:
        problems.extend(warnings)
    if problems:
        raise InputError(problems)


@cli.group("questionnaires", invoke_without_command=True)
@questionnaires_option
@click.pass_context
def questionnaires_group(ctx: click.Context, questionnaire_dirs: tuple[Path, ...]) -> None:
    """List the available questionnaires; 'show ID' prints one in full."""
    ctx.obj.questionnaire_dirs = questionnaire_dirs
    if ctx.invoked_subcommand is not None:
        return
    library = _library(questionnaire_dirs)
    width = max(len(q) for q in library.questionnaires) if library.questionnaires else 0
    for qid, questionnaire in library.questionnaires.items():
        sections = ", ".join(s.id for s in questionnaire.sections)
        click.echo(f"{qid:<{width}}  {questionnaire.title} ({questionnaire.question_count} questions; "
                   f"section{'s' if len(questionnaire.sections) != 1 else ''}: {sections})")


@questionnaires_group.command("show")
@click.argument("qid", metavar="ID")
@questionnaires_option
@click.pass_context
def show_questionnaire(ctx: click.Context, qid: str, questionnaire_dirs: tuple[Path, ...]) -> None:
    """Print one questionnaire readably: scales, questions, needs, actions and bands."""
    from lsp_check.describe import describe_questionnaire
    from lsp_check.matching import did_you_mean

    library = _library(questionnaire_dirs or ctx.obj.questionnaire_dirs)
    if qid not in library.questionnaires:
        known = list(library.questionnaires)
        raise click.BadParameter(f"unknown questionnaire '{qid}'{did_you_mean(qid, known)}; known: {', '.join(known)}",
                                 param_hint="ID")
    click.echo(describe_questionnaire(library.questionnaires[qid]), nl=False)


@cli.command()
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write the blank answers file here; an existing file is never overwritten.")
@questionnaires_option
def template(ids: tuple[str, ...], output: Path | None, questionnaire_dirs: tuple[Path, ...]) -> None:
    """Print a blank answers file for questionnaire or section IDs."""
    from lsp_check.matching import did_you_mean
    from lsp_check.template import blank_answers

    library = _library(questionnaire_dirs)
    sections = library.expand(ids)
    if sections is None:
        known = list(library.questionnaires) + [s for s in library.sections if s not in library.questionnaires]
        unknown = [i for i in ids if i not in known]
        raise click.BadParameter(
            "; ".join(f"unknown questionnaire or section '{u}'{did_you_mean(u, known)}" for u in unknown)
            + f". Known: {', '.join(known)}",
            param_hint="ID",
        )
    from lsp_check.schema import schema_path

    text = blank_answers(sections, schema_url=schema_path("answers").as_uri())
    if output is None:
        click.echo(text, nl=False)
        return
    from lsp_check.output import write_new

    write_new(output, text)
    click.echo(f"lsp-check: wrote a blank answers file to {output}", err=True)


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", "output_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              metavar="DIR", help="Write one answers file per respondent into DIR (created if missing); "
              "existing files are never overwritten.")
@click.option("--partnership", metavar="NAME", help="The partnership's name, for rows without a Partnership column.")
@questionnaires_option
def import_command(file: Path, output_dir: Path, partnership: str | None, questionnaire_dirs: tuple[Path, ...]) -> None:
    """Turn an online-form export (CSV from Google or Microsoft Forms) into answers files, one per respondent."""
    from lsp_check.dump import answers_yaml
    from lsp_check.forms import read_responses
    from lsp_check.output import write_new
    from lsp_check.schema import schema_path

    library = _library(questionnaire_dirs)
    sheets = read_responses(file, library, partnership=partnership)
    digits = max(3, len(str(len(sheets))))
    targets = [output_dir / f"respondent-{n:0{digits}d}.yaml" for n in range(1, len(sheets) + 1)]
    taken = [target for target in targets if target.exists() or target.is_symlink()]
    if taken:
        raise InputError([_problem(str(t), "already exists; lsp-check never overwrites it (import into an empty "
                                   "directory)") for t in taken])
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError([_problem(str(output_dir), f"cannot be created: {error.strerror or error}")]) from None
    url = schema_path("answers").as_uri()
    for sheet, target in zip(sheets, targets):
        source = sheet.path.replace(":row ", ", row ")
        write_new(target, answers_yaml(sheet, comment=f"Imported by lsp-check from {source}.", schema_url=url))
    count = len(sheets)
    click.echo(f"lsp-check: wrote {count} answers file{'s' if count != 1 else ''} to {output_dir}", err=True)


@cli.command("schema")
@click.argument("kind", type=click.Choice(["questionnaire", "answers"]))
def schema_command(kind: str) -> None:
    """Print the JSON Schema for questionnaire or answers files, for editors."""
    from lsp_check.schema import schema_text

    text = schema_text(kind)
    click.echo(text, nl=not text.endswith("\n"))


def _refuse_input_as_output(output: Path, inputs: list[Path]) -> None:
    for path in inputs:
        try:
            same = output.exists() and output.samefile(path)
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
