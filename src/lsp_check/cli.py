"""The command line: finds files, calls the loader, engine and formats, and sets the exit status."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from lsp_check import __version__
from lsp_check import verdict as exits
from lsp_check.formats import CLUSTER_FORMATS, PLAN_FORMATS, SCORE_FORMATS, RenderOptions
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
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-f", "--format", "fmt", type=click.Choice(SCORE_FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the report to this file (atomically).")
@click.option("--fail-under", type=click.FloatRange(0, 100), metavar="PCT",
              help="Exit 1 when the overall percentage is below PCT.")
@click.option("--show-respondents", is_flag=True,
              help="Name respondents in group reports (anonymous by default).")
@click.option("-q", "--quiet", is_flag=True, help="Do not print the verdict line on stderr.")
@questionnaires_option
def score(files: tuple[str, ...], fmt: str, output: Path | None, fail_under: float | None, show_respondents: bool,
          quiet: bool, questionnaire_dirs: tuple[Path, ...]) -> None:
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


@cli.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-f", "--format", "fmt", type=click.Choice(PLAN_FORMATS), default="markdown", show_default=True,
              help="Plan format: a Markdown checklist, CSV for a spreadsheet, JSON, or text.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the plan to this file (atomically).")
@questionnaires_option
def plan(files: tuple[str, ...], fmt: str, output: Path | None, questionnaire_dirs: tuple[Path, ...]) -> None:
    """Turn the needs of answers FILE... into an action plan for the next 6 and 12 months.

    \b
    Needs are ranked by priority: answers of "action is needed" before
    "needs improving"; disagreement and breadth across respondents raise
    priority. Actions already agreed in the answers file appear alongside
    and are not suggested twice. Owner and due-date columns are left to fill.
    """
    library = _library(questionnaire_dirs)
    result = _results(files, library, output)
    plans = [r.plan for r in (result if isinstance(result, list) else [result])]
    _emit(fmt, plans, output)
    rows = sum(len(p.rows) for p in plans)
    click.echo(f"lsp-check: plan of {rows} action{'s' if rows != 1 else ''}"
               + (f" written to {output}" if output else ""), err=True)


@cli.command()
@click.argument("baseline", metavar="BASELINE")
@click.argument("followup", metavar="FOLLOWUP")
@click.option("-f", "--format", "fmt", type=click.Choice(SCORE_FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the report to this file (atomically).")
@click.option("--fail-on-regression", is_flag=True, help="Exit 1 when any section's percentage fell.")
@questionnaires_option
def compare(baseline: str, followup: str, fmt: str, output: Path | None, fail_on_regression: bool,
            questionnaire_dirs: tuple[Path, ...]) -> None:
    """Compare a BASELINE health check with a FOLLOWUP of the same partnership.

    Each is an answers file, a directory of respondents' files, or a form
    export (CSV). Shows each section and question then and now, and the
    needs resolved, new and persisting.
    """
    from lsp_check.compare import compare as run_compare

    library = _library(questionnaire_dirs)
    sides = [_one_partnership(arg, library, output) for arg in (baseline, followup)]
    comparison = run_compare(*sides)
    _emit(fmt, comparison, output)
    decision = exits.decide_comparison(comparison, fail_on_regression)
    click.echo(decision.line + (f"; report written to {output}" if output else ""), err=True)
    sys.exit(decision.status)


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("-f", "--format", "fmt", type=click.Choice(CLUSTER_FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the report to this file (atomically).")
@questionnaires_option
def cluster(paths: tuple[str, ...], fmt: str, output: Path | None, questionnaire_dirs: tuple[Path, ...]) -> None:
    """Compare several partnerships and rank the needs they share.

    \b
    PATH... are answers files, form exports or directories (one directory per
    partnership works: files that do not name their partnership take their
    folder's name). Shows partnerships × sections, where each stands against
    the cluster median, and shared needs ranked by how many partnerships have
    them, then by how many respondents gave a weak answer.
    """
    from lsp_check.batch import accumulate_all, expand
    from lsp_check.cluster import cluster as run_cluster

    library = _library(questionnaire_dirs)
    files = expand(paths)
    if output is not None:
        _refuse_input_as_output(output, files)
    groups = [acc.finish(library) for acc in accumulate_all(files, library).values()]
    result = run_cluster(groups)
    _emit(fmt, result, output)
    top = result.shared[0] if result.shared else None
    line = f"lsp-check: {len(groups)} partnership{'s' if len(groups) != 1 else ''}, {len(result.shared)} needs"
    if top:
        line += f"; most shared: {top.need} ({top.count} of {len(groups)})"
    click.echo(line + (f"; report written to {output}" if output else ""), err=True)


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
    from lsp_check.template import blank_answers

    sections = _sections(_library(questionnaire_dirs), ids)
    from lsp_check.schema import schema_path

    text = blank_answers(sections, schema_url=schema_path("answers").as_uri())
    if output is None:
        click.echo(text, nl=False)
        return
    from lsp_check.output import write_new

    write_new(output, text)
    click.echo(f"lsp-check: wrote a blank answers file to {output}", err=True)


@cli.command()
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="The answers file: saved after every answer; an existing one is resumed.")
@questionnaires_option
@click.pass_context
def ask(ctx: click.Context, ids: tuple[str, ...], output: Path, questionnaire_dirs: tuple[Path, ...]) -> None:
    """Answer questionnaire or section IDs in the terminal, into an answers file.

    Each question shows its numbered options: enter a number, an option or its
    id; Enter skips, b goes back, q saves and quits. The file is rewritten whole
    after every answer (an existing file loses its comments), so Ctrl-C
    (exit 130) never loses one; run the same command again to carry on where
    you left off. Questions and prompts go to stderr.
    """
    from lsp_check.ask import Session
    from lsp_check.draft import Draft
    from lsp_check.output import check_writable
    from lsp_check.terminal import RichTerminal

    library = _library(questionnaire_dirs)
    sections = _sections(library, ids)
    check_writable(output)
    resuming = output.exists()
    draft = Draft.resume(output, sections, library) if resuming else Draft(output, sections)
    terminal = RichTerminal()
    if draft.comments:
        terminal.say(f"Note: {output} is rewritten after every answer, without its comments.", "dim")
    ctx.exit(Session(draft, terminal, resuming).run())


def _sections(library: Any, ids: tuple[str, ...]) -> Any:
    """The sections for questionnaire or section ids; a usage error naming the unknown ones."""
    from lsp_check.matching import did_you_mean

    sections = library.expand(ids)
    if sections is None:
        known = list(library.questionnaires) + [s for s in library.sections if s not in library.questionnaires]
        unknown = [i for i in ids if i not in known]
        raise click.BadParameter(
            "; ".join(f"unknown questionnaire or section '{u}'{did_you_mean(u, known)}" for u in unknown)
            + f". Known: {', '.join(known)}",
            param_hint="ID",
        )
    return sections


@cli.command("schema")
@click.argument("kind", type=click.Choice(["questionnaire", "answers"]))
def schema_command(kind: str) -> None:
    """Print the JSON Schema for questionnaire or answers files, for editors."""
    from lsp_check.schema import schema_text

    text = schema_text(kind)
    click.echo(text, nl=not text.endswith("\n"))


def _results(files: tuple[str, ...], library: Any, output: Path | None, show_respondents: bool = False) -> Any:
    """One result for a single answers file; otherwise a group result per partnership."""
    from lsp_check.batch import expand

    paths = expand(files)
    if output is not None:
        _refuse_input_as_output(output, paths)
    single = len(files) == 1 and len(paths) == 1 and paths[0].suffix.lower() != ".csv" and not Path(files[0]).is_dir()
    if single:
        from lsp_check.answers import load_answers
        from lsp_check.engine import score as run_score

        return run_score(library, load_answers(paths[0], library))
    from lsp_check.batch import accumulate_all

    groups = accumulate_all(paths, library, keep_names=show_respondents)
    return [group.finish(library) for group in groups.values()]


def _one_partnership(arg: str, library: Any, output: Path | None) -> Any:
    """The result for one side of a comparison, which must hold exactly one partnership."""
    result = _results((arg,), library, output)
    if isinstance(result, list):
        if len(result) != 1:
            names = ", ".join(r.partnership or "(unnamed)" for r in result)
            raise InputError([_problem(arg, f"holds {len(result)} partnerships ({names}); compare takes one "
                                            "partnership on each side (use 'lsp-check cluster' for several)")])
        return result[0]
    return result


def _emit(fmt: str, result: Any, output: Path | None) -> None:
    """Render a result and write it to the output file (atomically) or stdout."""
    from lsp_check.formats import render

    color = output is None and fmt == "text" and _color_stdout()
    width = _width() if output is None and sys.stdout.isatty() else 100
    report = render(fmt, result, RenderOptions(color=color, width=width))
    if output is not None:
        from lsp_check.output import write_atomic

        write_atomic(output, report)
    elif isinstance(report, str):
        click.echo(report, nl=False, color=color)
    else:
        for chunk in report:
            click.echo(chunk, nl=False)


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
