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
    Exit status: 0 success, 1 a gate (--fail-under, --fail-under-section) failed,
    2 bad input or usage, 3 an internal error, 130 interrupted.
    """
    ctx.obj = Settings(debug=debug)


class Refusal(click.ClickException):
    """A usage the command refuses, said in one line with exit status 2 (no usage text)."""

    exit_code = exits.BAD_INPUT

    def show(self, file: Any = None) -> None:
        """Print the message on stderr."""
        click.echo(f"lsp-check: {self.format_message()}", err=True)


def _section_gates(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[Any, ...]:
    """Parse each SECTION=PCT; whether SECTION exists is checked once the questionnaires are loaded."""
    from lsp_check.verdict import Gate

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
@click.argument("file", type=click.Path(path_type=Path, dir_okay=True))
@click.option("-f", "--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="Report format [default: text; with --template, by the template's file name]. "
              "docx needs the 'docx' extra and -o FILE on a terminal.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the report to this file (atomically).")
@click.option("--fail-under", type=click.FloatRange(0, 100), metavar="PCT",
              help="Exit 1 when the overall percentage is below PCT.")
@click.option("--fail-under-section", "section_gates", multiple=True, callback=_section_gates,
              metavar="SECTION=PCT", help="Exit 1 when SECTION's percentage is below PCT (repeatable).")
@click.option("--template", "template_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Render the report through your own jinja2 template (Markdown, or HTML when the name "
              "ends .html, .htm or .html.j2); see docs/templates.md.")
@click.option("-q", "--quiet", is_flag=True, help="Do not print the verdict line on stderr.")
@questionnaires_option
def score(file: Path, fmt: str | None, output: Path | None, fail_under: float | None, section_gates: tuple[Any, ...],
          template_file: Path | None, quiet: bool, questionnaire_dirs: tuple[Path, ...]) -> None:
    """Score an answers FILE and print the report."""
    from lsp_check.answers import load_answers
    from lsp_check.engine import score as run_score

    fmt = _report_format(fmt, template_file, output)
    library = _library(questionnaire_dirs)
    _check_section_gates(section_gates, library)
    sheet = load_answers(file, library)
    if output is not None:
        _refuse_input_as_output(output, [file])
    result = run_score(library, sheet)
    decision = exits.decide(result, fail_under, section_gates)
    color = output is None and fmt == "text" and _color_stdout()
    width = _width() if output is None and sys.stdout.isatty() else 100
    options = RenderOptions(color=color, width=width, verdict=decision)
    if template_file is not None:
        from lsp_check.formats.usertemplate import render_template

        report: str | bytes = render_template(template_file, fmt, result)
    else:
        from lsp_check.formats import render

        report = render(fmt, result, options)
    _write(report, output, color)
    if not quiet or decision.status:
        click.echo(decision.line + (f"; report written to {output}" if output else ""), err=True)
    sys.exit(decision.status)


def _report_format(fmt: str | None, template_file: Path | None, output: Path | None) -> str:
    """The format to render, refusing what cannot work before any file is read."""
    from lsp_check.formats import MissingExtra, require

    if template_file is not None:
        from lsp_check.formats.usertemplate import TEMPLATE_FORMATS, format_for

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


def _write(report: str | bytes, output: Path | None, color: bool) -> None:
    """Write a report (text or bytes) to the output file, atomically, or to stdout."""
    if output is not None:
        from lsp_check.output import write_atomic

        write_atomic(output, report)
    else:
        click.echo(report, nl=False, color=color)


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
